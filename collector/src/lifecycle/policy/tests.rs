use super::*;

#[test]
fn example_file_parses() {
    let policy = Policy::parse(include_str!("../../../../deploy/lifecycle.toml")).unwrap();
    assert_eq!(policy.lifetime(Category::Server, None, None).unwrap().years, 5);
    assert_eq!(policy.default_cost(Category::Switch), Some(2_500_000));
}

#[test]
fn overrides_by_specificity() {
    let policy = Policy::parse(
        "[[overrides]]\nsite = \"dc-norra\"\ncategory = \"server\"\nlifetime_years = 6\n\
             [[overrides]]\nsite = \"dc-norra\"\ndepartment = \"skola\"\ncategory = \"server\"\nlifetime_years = 4\n",
    )
    .unwrap();
    assert_eq!(policy.lifetime(Category::Server, Some("dc-norra"), None).unwrap().years, 6);
    let both = policy.lifetime(Category::Server, Some("dc-norra"), Some("skola")).unwrap();
    assert_eq!(both.years, 4);
    assert_eq!(both.scope, vec![Scope::Site("dc-norra".into()), Scope::Department("skola".into())]);
    assert_eq!(policy.lifetime(Category::Server, Some("dc-södra"), None).unwrap().years, 5);
    assert_eq!(policy.lifetime(Category::Other, None, None), None);
}

#[test]
fn errors_name_the_key() {
    let err = format!("{:#}", Policy::parse("[lifetime_years]\nswich = 8\n").unwrap_err());
    assert!(err.starts_with("lifetime_years.swich"), "{err}");
    let err = format!("{:#}", Policy::parse("due_within_months = 12\nlifetime = 3\n").unwrap_err());
    assert!(err.contains("lifetime") && err.contains("line 2"), "{err}");
    assert!(Policy::parse("[replacement_cost_sek]\nserver = \"12,345\"\n").is_err());
    assert!(Policy::parse("[[overrides]]\ncategory = \"server\"\nlifetime_years = 3\n").is_err());
}
