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

/// A store of its own holding `before`.
fn store_holding(before: &[Arrival]) -> (tempfile::TempDir, Tables) {
    let dir = tempfile::tempdir().unwrap();
    let tables = super::super::open::tables(dir.path()).unwrap();
    tables.commit_group(before.to_vec()).into_iter().for_each(|o| drop(o.unwrap()));
    (dir, tables)
}

/// The records a store keeps in memory, as sorted JSON.
fn latest(tables: &Tables) -> Vec<String> {
    let mut records: Vec<String> =
        tables.cache.devices().iter().map(|r| serde_json::to_string(&**r).unwrap()).collect();
    records.sort();
    records
}

#[test]
fn a_group_stores_what_one_per_report_would() {
    let now = Utc::now();
    let (group, stored_before) = mixed_group(now);
    let ((_one, apart), (_many, together)) =
        (store_holding(std::slice::from_ref(&stored_before)), store_holding(&[stored_before]));

    let each: Vec<String> = group
        .iter()
        .flat_map(|job| apart.commit_group(vec![job.clone()]))
        .map(|o| format!("{:?}", o.unwrap()))
        .collect();
    let bound = group[0].device_id();
    let at_once: Vec<String> = together.commit_group(group).into_iter().map(|o| format!("{:?}", o.unwrap())).collect();
    assert_eq!(at_once, each);
    let kinds: Vec<&str> = each.iter().map(|o| o.split_whitespace().next().unwrap()).collect();
    assert_eq!(
        kinds,
        ["Stored", "Stored", "StoredLate", "Duplicate", "Refused", "Stored", "Stored", "Duplicate", "Duplicate"]
    );
    assert_eq!(contents(&together), contents(&apart));
    assert_eq!(latest(&together), latest(&apart), "the records kept in memory too");
    assert_eq!(together.cache.binding(bound).as_deref(), Some("credential-a"));
}

/// Decided ahead on the callers' threads against the records before the group (so a device's
/// later reports in it were decided against a record since replaced), a group stores exactly
/// what it stores when the writer decides every report.
#[test]
fn reports_decided_ahead_store_what_the_writer_would() {
    let now = Utc::now();
    let (group, stored_before) = mixed_group(now);
    let ((_one, writer), (_two, ahead)) =
        (store_holding(std::slice::from_ref(&stored_before)), store_holding(&[stored_before]));
    let decided: Vec<Arrival> = group.iter().map(|a| a.clone().decided_ahead(&ahead).unwrap()).collect();
    // All but the two re-sends of the report stored before the group, which are found stored.
    let undecided = decided.iter().filter(|a| matches!(a.content, Content::Report(_))).count();
    assert_eq!(undecided, 2);
    let answers = |tables: &Tables, group: Vec<Arrival>| -> Vec<String> {
        tables.commit_group(group).into_iter().map(|o| format!("{:?}", o.unwrap())).collect()
    };
    assert_eq!(answers(&ahead, decided), answers(&writer, group));
    assert_eq!(contents(&ahead), contents(&writer));
    assert_eq!(latest(&ahead), latest(&writer), "the records kept in memory too");
}

/// What was decided ahead is what the writer stores while the record it was decided against is
/// the latest (marked here by an answer the report would not get), and is decided again once
/// another report has replaced that record.
#[test]
fn a_decision_ahead_is_kept_only_while_its_record_is_the_latest() {
    let now = Utc::now();
    let (_dir, tables) = store_holding(&[]);
    let fleet = sample::fleet(1, 0, 4, now - chrono::Duration::hours(3));
    let first = Arrival::new(fleet[0].clone(), now, Sender::operator("test")).unwrap();
    let later = sample::again(&fleet[0], now - chrono::Duration::minutes(5));
    let later = Arrival::new(later, now, Sender::operator("test")).unwrap();
    let marked = |arrival: Arrival| {
        let mut arrival = arrival.decided_ahead(&tables).unwrap();
        let Content::Ahead { decided, .. } = &mut arrival.content else { unreachable!() };
        decided.outcome = Ingested::StoredLate { device_id: arrival.device_id };
        arrival
    };
    let (first, later) = (marked(first), marked(later));
    let answer = |arrival: Arrival| format!("{:?}", tables.commit_group(vec![arrival]).remove(0).unwrap());
    assert!(answer(first).starts_with("StoredLate"), "kept: the device had no record, and has none yet");
    assert!(answer(later).starts_with("Stored "), "decided again: its record was replaced since");
}

/// A report whose id was looked up ahead before its first copy was stored is still a
/// duplicate when its turn comes (the writer remembers what it stored since), and so is one
/// looked up after that copy (the tree had it), and one looked up before a change the writer
/// ran (which may have written anything: the tree is read again).
#[test]
fn a_report_stored_after_its_look_up_ahead_is_a_duplicate() {
    let now = Utc::now();
    let (_dir, tables) = store_holding(&[]);
    let report = sample::fleet(1, 0, 4, now - chrono::Duration::hours(3)).remove(0);
    let ahead = || Arrival::new(report.clone(), now, Sender::operator("test")).unwrap().decided_ahead(&tables).unwrap();
    let (first, second) = (ahead(), ahead());
    assert!(first.absent_after.is_some() && second.absent_after.is_some(), "both looked up before either was stored");
    let answer = |arrival: Arrival| format!("{:?}", tables.commit_group(vec![arrival]).remove(0).unwrap());
    let third = ahead();
    assert!(answer(first).starts_with("Stored "));
    assert!(answer(second).starts_with("Duplicate"));
    let fourth = ahead();
    assert_eq!(fourth.absent_after, None, "looked up once stored, found");
    assert!(matches!(fourth.content, Content::Report(_)), "a re-send is not decided ahead");
    assert!(answer(fourth).starts_with("Duplicate"));
    tables.recent.forget();
    assert!(answer(third).starts_with("Duplicate"));
}

/// A group with the same device several times: first, newer, late, a re-send, another
/// credential (refused: the first bound it), an operator's reports, and a re-send of a report
/// stored before (the second value, to be stored first).
fn mixed_group(now: DateTime<Utc>) -> (Vec<Arrival>, Arrival) {
    let fleet = sample::fleet(2, 1, 4, now - chrono::Duration::hours(3));
    let again = |r: &Report, minutes: i64| sample::again(r, now - chrono::Duration::minutes(minutes));
    let agent = Sender { by: "credential-a".into(), bind_to: Some("credential-a".into()) };
    let other = Sender { by: "credential-b".into(), bind_to: Some("credential-b".into()) };
    let admin = Sender::operator("test");
    let arrival = |report: &Report, now, sender: &Sender| Arrival::new(report.clone(), now, sender.clone()).unwrap();
    let group = vec![
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
    (group, arrival(&fleet[2], now - chrono::Duration::hours(1), &admin))
}

/// A store cut after every one of a group's inserts in turn (as sled recovers a prefix of its
/// log after a crash), then opened again: each report is stored whole or not at all, the
/// store verifies sound, and the first report not stored is stored when sent again.
#[test]
fn a_group_cut_anywhere_opens_with_each_report_whole_or_absent() {
    let now = Utc::now();
    let (group, stored_before) = mixed_group(now);
    let base = || store_holding(std::slice::from_ref(&stored_before));
    let prepared = |tables: &Tables| {
        let mut prepared = Group::default();
        let writes: Vec<bool> = group.iter().map(|a| tables.prepare(a.clone(), &mut prepared).unwrap().1).collect();
        (prepared, writes)
    };
    let (inserts, writes) = {
        let (_dir, tables) = base();
        let (group, writes) = prepared(&tables);
        (group.prepared.iter().map(|p| tables.inserts(p).count()).sum::<usize>(), writes)
    };
    assert!(inserts > 15, "a group of {inserts} inserts");
    // The store after the group's first arrivals up to each one that writes, and after all.
    let ends = (0..group.len()).filter(|&i| writes[i]).chain([group.len()]);
    let references: Vec<(usize, Vec<(String, Entries)>)> = ends
        .map(|end| {
            let (_dir, tables) = base();
            tables.commit_group(group[..end].to_vec());
            (end, contents(&tables))
        })
        .collect();
    let exact = |c: &[(String, Entries)]| -> Vec<(String, Entries)> {
        c.iter().filter(|(name, _)| !matches!(name.as_str(), "usage" | "bindings")).cloned().collect()
    };
    let entries = |c: &[(String, Entries)]| -> HashSet<(String, Vec<u8>, String)> {
        c.iter().flat_map(|(name, e)| e.iter().map(|(k, v)| (name.clone(), k.clone(), v.clone()))).collect()
    };
    let everything = entries(&references.last().unwrap().1);

    for cut in 0..=inserts {
        let (dir, tables) = base();
        let (fresh, _) = prepared(&tables);
        let intended: Vec<&Intended> = fresh.prepared.iter().map(|p| &p.intended).collect();
        tables.meta.insert(intent::KEY, intent::encode(&intended).unwrap()).unwrap();
        for (tree, key, value) in fresh.prepared.iter().flat_map(|p| tables.inserts(p)).take(cut) {
            tree.insert(key, value).unwrap();
        }
        drop(tables);

        let tables = super::super::open::tables(dir.path()).unwrap();
        let got = contents(&tables);
        let Some((end, reference)) = references.iter().find(|(_, r)| exact(r) == exact(&got)) else {
            panic!("cut after {cut} of {inserts} inserts: the store holds no whole prefix of the group")
        };
        // A report not stored may leave its usage sample and binding, which its re-send writes
        // (the whole group's; its records it overwrites).
        let (got, least) = (entries(&got), entries(reference));
        let (missing, extra): (Vec<_>, Vec<_>) = (
            least.difference(&got).collect(),
            got.difference(&everything).filter(|(tree, ..)| tree != "devices").collect(),
        );
        assert!(missing.is_empty() && extra.is_empty(), "cut after {cut}: missing {missing:?}, extra {extra:?}");
        if let Some(next) = (*end..group.len()).find(|&i| writes[i]) {
            let answer = format!("{:?}", tables.commit_group(vec![group[next].clone()]).remove(0).unwrap());
            assert!(!answer.starts_with("Duplicate"), "cut after {cut}: arrival {next} re-sent: {answer}");
        }
        drop(tables);
        let report = crate::store::sled::verify::verify(dir.path(), &Default::default()).unwrap();
        // The group's senders are names only, not enrolled credentials.
        let problems: Vec<_> =
            report.problems.iter().filter(|p| !p.problem.ends_with("which is not in credentials")).collect();
        assert!(problems.is_empty(), "cut after {cut}: {problems:?}");
    }
}
