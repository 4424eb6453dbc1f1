use super::*;

fn by_value(v: &Option<f64>, _: usize) -> Key {
    Key::num(*v)
}

#[test]
fn unknowns_stay_last_in_both_directions() {
    let values = vec![Some(2.0), None, Some(1.0), Some(3.0)];
    let mut headers = vec![Header::num("Age")];
    let mut up = values.clone();
    arrange(&mut up, &mut headers, "/network", Some(0), false, 0, by_value);
    assert_eq!(up, [Some(1.0), Some(2.0), Some(3.0), None]);
    let mut down = values;
    arrange(&mut down, &mut headers, "/network", Some(0), true, 0, by_value);
    assert_eq!(down, [Some(3.0), Some(2.0), Some(1.0), None]);
}

#[test]
fn the_sorted_column_links_to_the_other_direction_keeping_filters() {
    let mut headers = vec![Header::new("Model"), Header::num("Age")];
    arrange(&mut Vec::new(), &mut headers, "/network?site=a", Some(1), false, 0, by_value);
    assert_eq!(headers[0].sort_href.as_deref(), Some("/network?site=a&sort=0&dir=asc"));
    assert_eq!(headers[1].sort_href.as_deref(), Some("/network?site=a&sort=1&dir=desc"));
    arrange(&mut Vec::new(), &mut headers, "/network", Some(1), true, 0, by_value);
    assert_eq!(headers[1].sort_href.as_deref(), Some("/network?sort=1&dir=asc"));
}

#[test]
fn text_sorts_without_regard_to_case_and_out_of_range_columns_are_ignored() {
    let mut names = vec!["b", "A", "c"];
    let mut headers = vec![Header::new("Name")];
    let by_name = |t: &&str, _: usize| Key::text(Some(t));
    arrange(&mut names, &mut headers, "/", Some(7), false, 0, by_name);
    assert_eq!(names, ["b", "A", "c"], "no such column: order unchanged");
    arrange(&mut names, &mut headers, "/", Some(0), false, 0, by_name);
    assert_eq!(names, ["A", "b", "c"]);
}

#[test]
fn the_key_is_asked_for_the_sorted_column_only_once_per_item() {
    let asked = std::cell::RefCell::new(Vec::new());
    let mut items = vec![3, 1, 2];
    let mut headers = vec![Header::num("a"), Header::num("b")];
    arrange(&mut items, &mut headers, "/", Some(1), false, 0, |v, col| {
        asked.borrow_mut().push((*v, col));
        Key::Num(f64::from(*v))
    });
    assert_eq!(items, [1, 2, 3]);
    assert_eq!(asked.into_inner(), [(3, 1), (1, 1), (2, 1)]);
    let mut unsorted = vec![3, 1, 2];
    arrange(&mut unsorted, &mut headers, "/", None, false, 0, |_, _| panic!("no column is sorted"));
    assert_eq!(unsorted, [3, 1, 2]);
}

#[test]
fn pages_hold_at_most_page_rows_and_past_the_end_is_empty() {
    let values: Vec<Option<f64>> = (0..PAGE + 20).map(|i| Some(i as f64)).collect();
    let mut headers = vec![Header::num("n")];
    let mut second = values.clone();
    assert_eq!(arrange(&mut second, &mut headers, "/", Some(0), false, 1, by_value), (PAGE, PAGE + 20));
    assert_eq!(second.len(), 20);
    assert_eq!(second[0], Some(PAGE as f64));
    let mut beyond = values;
    arrange(&mut beyond, &mut headers, "/", None, false, 99, by_value);
    assert!(beyond.is_empty());
}
