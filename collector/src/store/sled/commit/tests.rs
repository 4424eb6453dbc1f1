use super::*;
use crate::sample;

/// A tree's entries: key, and value as text.
type Entries = Vec<(Vec<u8>, String)>;

/// Everything a store holds, tree by tree (codec frames decoded to JSON).
fn contents(tables: &Tables) -> Vec<(String, Entries)> {
    let trees = [
        ("devices", &tables.devices),
        ("reports", &tables.reports),
        ("history", &tables.history),
        ("usage", &tables.usage),
        ("bindings", &tables.bindings),
    ];
    trees
        .into_iter()
        .map(|(name, tree)| {
            let entries = tree
                .iter()
                .map(|item| {
                    let (k, v) = item.unwrap();
                    let text = match name {
                        "reports" | "bindings" => format!("{:?}", v.as_ref()),
                        _ => codec::decode::<serde_json::Value>(&v).unwrap().to_string(),
                    };
                    (k.to_vec(), text)
                })
                .collect();
            (name.to_string(), entries)
        })
        .collect()
}

#[test]
fn one_transaction_for_a_group_stores_what_one_per_report_would() {
    let now = Utc::now();
    let fleet = sample::fleet(2, 1, 4, now - chrono::Duration::hours(3));
    let again = |r: &Report, minutes: i64| sample::again(r, now - chrono::Duration::minutes(minutes));
    let agent = Sender { by: "credential-a".into(), bind_to: Some("credential-a".into()) };
    let other = Sender { by: "credential-b".into(), bind_to: Some("credential-b".into()) };
    let admin = Sender::operator("test");
    // The same device several times in one group: first, newer, late, a re-send, another
    // credential (refused: the first bound it), and a re-send of a report stored before.
    let arrival = |report: &Report, now, sender: &Sender| Arrival::new(report.clone(), now, sender.clone()).unwrap();
    let group: Vec<Arrival> = vec![
        arrival(&fleet[0], now, &agent),
        arrival(&again(&fleet[0], 30), now, &agent),
        arrival(&again(&fleet[0], 600), now, &agent),
        arrival(&fleet[0], now, &agent),
        arrival(&again(&fleet[0], 10), now, &other),
        arrival(&fleet[1], now, &admin),
        arrival(&again(&fleet[1], 5), now, &admin),
        arrival(&fleet[2], now, &admin),
        arrival(&fleet[2], now, &admin),
    ];
    let (one, many) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (apart, together) =
        (super::super::open::tables(one.path()).unwrap(), super::super::open::tables(many.path()).unwrap());
    let stored_before = arrival(&fleet[2], now - chrono::Duration::hours(1), &admin);
    apart.commit_group(vec![stored_before.clone()]).into_iter().for_each(|o| drop(o.unwrap()));
    together.commit_group(vec![stored_before]).into_iter().for_each(|o| drop(o.unwrap()));

    let each: Vec<String> = group
        .iter()
        .flat_map(|job| apart.commit_group(vec![job.clone()]))
        .map(|o| format!("{:?}", o.unwrap()))
        .collect();
    let at_once: Vec<String> = together.commit_group(group).into_iter().map(|o| format!("{:?}", o.unwrap())).collect();
    assert_eq!(at_once, each);
    let kinds: Vec<&str> = each.iter().map(|o| o.split_whitespace().next().unwrap()).collect();
    assert_eq!(
        kinds,
        ["Stored", "Stored", "StoredLate", "Duplicate", "Refused", "Stored", "Stored", "Duplicate", "Duplicate"]
    );
    assert_eq!(contents(&together), contents(&apart));
    let latest = |t: &Tables| {
        let mut d: Vec<String> = t.cache.devices().iter().map(|r| serde_json::to_string(&**r).unwrap()).collect();
        d.sort();
        d
    };
    assert_eq!(latest(&together), latest(&apart), "the records kept in memory too");
    assert_eq!(together.cache.binding(fleet[0].device_id()).as_deref(), Some("credential-a"));
}
