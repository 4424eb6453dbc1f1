use super::*;
use uuid::Uuid;

#[test]
fn no_filter_reads_the_newest_first_up_to_the_limit() {
    let query = select(&Filter::default(), 10);
    assert_eq!(
        query.sql,
        "SELECT at, actor, action, device_id, credential, detail FROM audit ORDER BY at DESC, id DESC LIMIT $1"
    );
    assert_eq!(query.params.len(), 1);
}

#[test]
fn each_criterion_given_is_one_condition_with_its_own_parameter() {
    let filter = Filter {
        device_id: Some(Uuid::from_u128(5)),
        credential: Some("cred_1".into()),
        actor: Some("Anna".into()),
        action: Some("report.".into()),
    };
    let query = select(&filter, usize::MAX);
    assert!(
        query.sql.contains(
            " WHERE device_id = $1 AND credential = $2 AND strpos(lower(actor), lower($3)) > 0 AND action LIKE $4 "
        ),
        "{}",
        query.sql
    );
    assert!(query.sql.ends_with("LIMIT $5"), "{}", query.sql);
    assert_eq!(query.params.len(), 5);
    let only_action = select(&Filter { action: Some("import".into()), ..Filter::default() }, 3);
    assert!(only_action.sql.contains(" WHERE action LIKE $1 ORDER BY"), "{}", only_action.sql);
}

#[test]
fn an_action_prefix_is_taken_literally() {
    assert_eq!(like_prefix("report."), "report.%");
    assert_eq!(like_prefix("a_b%c\\d"), "a\\_b\\%c\\\\d%");
    assert_eq!(like_prefix(""), "%");
}
