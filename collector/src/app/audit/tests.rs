use super::*;

#[test]
fn a_limit_outside_its_range_is_named_and_the_newest_come_first() {
    let dir = tempfile::tempdir().unwrap();
    let config = crate::config::Config { data_dir: dir.path().to_path_buf(), ..Default::default() };
    let app = super::super::open(dir.path(), super::super::AppConfig::from_config(&config)).unwrap();
    for n in ["first", "second"] {
        app.record(Event::new("anna", "import.assets", n)).unwrap();
    }
    for limit in [0, MAX_LIMIT + 1] {
        let err = events(&app, &Filter::default(), limit).unwrap_err();
        assert_eq!(err.field(), "limit", "{limit}");
        assert!(matches!(err, Error::BadInput { .. }));
    }
    let newest = events(&app, &Filter::default(), 1).unwrap();
    assert_eq!(newest.iter().map(|e| e.detail.as_str()).collect::<Vec<_>>(), ["second"]);
}
