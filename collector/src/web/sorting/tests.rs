use super::*;

fn rows(values: &[Option<f64>]) -> Vec<Row> {
    values.iter().map(|v| Row { cells: vec![Cell::text(format!("{v:?}"))], keys: vec![Key::num(*v)] }).collect()
}

fn order(rows: &[Row]) -> Vec<Key> {
    rows.iter().map(|r| r.keys[0].clone()).collect()
}

#[test]
fn unknowns_stay_last_in_both_directions() {
    let values = [Some(2.0), None, Some(1.0), Some(3.0)];
    let mut headers = vec![Header::num("Age")];
    let mut up = rows(&values);
    arrange(&mut up, &mut headers, "/network", Some(0), false, 0);
    assert_eq!(order(&up), [Key::Num(1.0), Key::Num(2.0), Key::Num(3.0), Key::Missing]);
    let mut down = rows(&values);
    arrange(&mut down, &mut headers, "/network", Some(0), true, 0);
    assert_eq!(order(&down), [Key::Num(3.0), Key::Num(2.0), Key::Num(1.0), Key::Missing]);
}

#[test]
fn the_sorted_column_links_to_the_other_direction_keeping_filters() {
    let mut headers = vec![Header::new("Model"), Header::num("Age")];
    arrange(&mut rows(&[]), &mut headers, "/network?site=a", Some(1), false, 0);
    assert_eq!(headers[0].sort_href.as_deref(), Some("/network?site=a&sort=0&dir=asc"));
    assert_eq!(headers[1].sort_href.as_deref(), Some("/network?site=a&sort=1&dir=desc"));
    arrange(&mut rows(&[]), &mut headers, "/network", Some(1), true, 0);
    assert_eq!(headers[1].sort_href.as_deref(), Some("/network?sort=1&dir=asc"));
}

#[test]
fn text_sorts_without_regard_to_case_and_out_of_range_columns_are_ignored() {
    let mut r: Vec<Row> =
        ["b", "A", "c"].iter().map(|t| Row { cells: vec![Cell::text(*t)], keys: vec![Key::text(Some(t))] }).collect();
    let mut headers = vec![Header::new("Name")];
    arrange(&mut r, &mut headers, "/", Some(7), false, 0);
    assert_eq!(r[0].cells[0].text, "b", "no such column: order unchanged");
    arrange(&mut r, &mut headers, "/", Some(0), false, 0);
    let names: Vec<&str> = r.iter().map(|r| r.cells[0].text.as_str()).collect();
    assert_eq!(names, ["A", "b", "c"]);
}

#[test]
fn pages_hold_at_most_page_rows_and_past_the_end_is_empty() {
    let values: Vec<Option<f64>> = (0..PAGE + 20).map(|i| Some(i as f64)).collect();
    let mut headers = vec![Header::num("n")];
    let mut second = rows(&values);
    assert_eq!(arrange(&mut second, &mut headers, "/", Some(0), false, 1), (PAGE, PAGE + 20));
    assert_eq!(second.len(), 20);
    assert_eq!(second[0].keys[0], Key::Num(PAGE as f64));
    let mut beyond = rows(&values);
    arrange(&mut beyond, &mut headers, "/", None, false, 99);
    assert!(beyond.is_empty());
}
