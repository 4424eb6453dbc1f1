use super::*;

fn roles(pairs: &[(&str, DirectoryRole)]) -> BTreeMap<String, DirectoryRole> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn groups(dns: &[&str]) -> Vec<String> {
    dns.iter().map(|d| d.to_string()).collect()
}

#[test]
fn groups_match_by_dn_without_case_or_spaces_or_by_cn() {
    let map = roles(&[
        ("CN=Arsring-Admin, OU=Groups, DC=kommun, DC=example", DirectoryRole::Admin),
        ("arsring-ekonomi", DirectoryRole::Finance),
    ]);
    let admin = groups(&["cn=arsring-admin,ou=groups,dc=kommun,dc=example"]);
    assert_eq!(
        role_of(&map, &admin),
        Some((DirectoryRole::Admin, "CN=Arsring-Admin, OU=Groups, DC=kommun, DC=example"))
    );
    let finance = groups(&["CN=Arsring-Ekonomi,OU=Stab,DC=kommun,DC=example"]);
    assert_eq!(role_of(&map, &finance).map(|r| r.0), Some(DirectoryRole::Finance));
    // A DN key needs the whole DN: the same CN elsewhere is another group.
    let elsewhere = groups(&["cn=arsring-admin,ou=test,dc=kommun,dc=example"]);
    assert_eq!(role_of(&map, &elsewhere), None);
    // A CN key looks only at the group's own name, not at an OU of the same name.
    let ou = groups(&["cn=other,ou=arsring-ekonomi,dc=kommun,dc=example"]);
    assert_eq!(role_of(&map, &ou), None);
}

#[test]
fn the_highest_role_wins_and_no_mapped_group_gives_none() {
    let map = roles(&[
        ("lasare", DirectoryRole::Viewer),
        ("ekonomi", DirectoryRole::Finance),
        ("it-drift", DirectoryRole::Admin),
    ]);
    let both = groups(&["cn=lasare,ou=g,dc=x", "cn=it-drift,ou=g,dc=x", "cn=fika,ou=g,dc=x"]);
    assert_eq!(role_of(&map, &both), Some((DirectoryRole::Admin, "it-drift")));
    assert_eq!(role_of(&map, &groups(&["cn=fika,ou=g,dc=x"])), None);
    assert_eq!(role_of(&map, &[]), None);
}

#[test]
fn escaped_commas_stay_inside_a_name() {
    let map = roles(&[("cn=Berg\\, Bertil,ou=g,dc=x", DirectoryRole::Viewer)]);
    assert!(role_of(&map, &groups(&["CN=berg\\, bertil,OU=g,DC=x"])).is_some());
    assert!(role_of(&map, &groups(&["cn=berg,ou=g,dc=x"])).is_none());
}

#[test]
fn finance_reads_like_a_viewer_until_it_has_a_role_of_its_own() {
    assert_eq!(token_role(DirectoryRole::Finance), Role::Viewer);
    assert_eq!(token_role(DirectoryRole::Viewer), Role::Viewer);
    assert_eq!(token_role(DirectoryRole::Admin), Role::Admin);
}
