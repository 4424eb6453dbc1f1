use super::*;
use crate::i18n::Lang;

fn cell(value: f64, label: &str) -> HeatCell {
    HeatCell { value, label: label.into(), title: "t".into(), href: "/heatmap/cell?key=a&column=2027".into() }
}

#[test]
fn empty_cells_are_grey_and_the_busiest_is_darkest() {
    assert_eq!(colour(0.0, 10.0).0, "#eef0f2");
    assert_eq!(colour(5.0, 0.0).0, "#eef0f2");
    assert_eq!(colour(10.0, 10.0).0, SCALE[SCALE.len() - 1]);
    assert_eq!(colour(0.1, 10.0).0, SCALE[0]);
    // Dark fills get white numbers so the count stays readable.
    assert_eq!(colour(10.0, 10.0).1, "#ffffff");
    assert_eq!(colour(1.0, 10.0).1, "#1d2430");
}

#[test]
fn every_cell_carries_its_number_link_and_escaped_label() {
    let map = Heatmap {
        columns: vec!["overdue".into(), "2027".into()],
        rows: vec![HeatRow {
            label: "<script>x</script>".into(),
            cells: vec![cell(3.0, "3"), cell(0.0, "0")],
            unknown: 4,
        }],
        measure: "items".into(),
    };
    let svg = heatmap(&map, Lang::En).into_string();
    assert_eq!(svg.matches("class=\"heat-cell\"").count(), 2);
    assert!(svg.contains("data-value=\"3\""), "{svg}");
    assert!(svg.contains("href=\"/heatmap/cell?key=a&amp;column=2027\""), "{svg}");
    assert!(!svg.contains("<script>"), "labels are escaped: {svg}");
    assert!(svg.contains("&lt;script&gt;"), "{svg}");
    assert!(svg.contains(">4</text>"), "the no-date count is shown: {svg}");
}

#[test]
fn long_labels_are_cut_on_characters_not_bytes() {
    assert_eq!(truncate("Södra förrådet", 26), "Södra förrådet");
    assert_eq!(truncate("åäöåäö", 4), "åäö…");
}

#[test]
fn bars_scale_to_the_larger_of_values_and_limit() {
    let b = [Bar { label: "2027".into(), value: 50.0, text: "50".into() }];
    let svg = bars("Cost", "kkr", &b, Some(&(100.0, "budget".into()))).into_string();
    // Half of the 180-pixel plot: the limit is twice the bar.
    assert!(svg.contains("height=\"90\""), "{svg}");
    assert!(svg.contains("budget"), "{svg}");
}
