use std::collections::BTreeSet;

use super::*;

fn rows(ids: impl IntoIterator<Item = u128>) -> Vec<DeviceRow> {
    ids.into_iter().map(|n| DeviceRow { device_id: Uuid::from_u128(n), ..DeviceRow::default() }).collect()
}

fn ids(rows: &[DeviceRow]) -> Vec<u128> {
    rows.iter().map(|r| r.device_id.as_u128()).collect()
}

fn rows_of(n: usize) -> Limit {
    Limit::Rows(NonZeroUsize::new(n).unwrap())
}

/// Every page of `fleet()` read in turn, `fleet` asked again for each page as the API does.
fn read_all(mut fleet: impl FnMut(usize) -> Vec<DeviceRow>, limit: Limit) -> Vec<Vec<u128>> {
    let mut pages = Vec::new();
    let mut after = None;
    loop {
        let page = page(fleet(pages.len()), after, limit);
        pages.push(ids(&page.rows));
        match page.next {
            Some(next) => after = Some(Cursor::decode(&next.encode()).unwrap()),
            None => return pages,
        }
    }
}

#[test]
fn pages_concatenate_to_the_whole_list_in_id_order() {
    let shuffled = [7, 3, 11, 1, 9, 5, 2, 10, 4, 8, 6];
    for limit in [1, 2, 3, 5, 11, 12, 5000] {
        let pages = read_all(|_| rows(shuffled), rows_of(limit));
        assert_eq!(pages.concat(), (1..=11).collect::<Vec<_>>(), "limit {limit}");
        assert_eq!(pages.len(), 11usize.div_ceil(limit), "limit {limit}: no empty last page");
        assert!(pages.iter().all(|p| p.len() <= limit));
    }
    assert_eq!(read_all(|_| rows(shuffled), Limit::All), vec![(1..=11).collect::<Vec<_>>()]);
}

#[test]
fn total_counts_every_page_and_the_last_has_no_next() {
    let first = page(rows(1..=5), None, rows_of(2));
    assert_eq!((first.total, ids(&first.rows), first.next), (5, vec![1, 2], Some(Cursor(Uuid::from_u128(2)))));
    let last = page(rows(1..=5), Some(Cursor(Uuid::from_u128(4))), rows_of(2));
    assert_eq!((last.total, ids(&last.rows), last.next), (5, vec![5], None));
    let empty = page(Vec::<DeviceRow>::new(), None, rows_of(500));
    assert_eq!((empty.total, empty.rows.len(), empty.next), (0, 0, None));
    let past_the_end = page(rows(1..=5), Some(Cursor(Uuid::from_u128(99))), rows_of(2));
    assert_eq!((past_the_end.total, past_the_end.rows.len(), past_the_end.next), (5, 0, None));
}

#[test]
fn devices_added_or_removed_between_pages_move_no_one_else() {
    // Page 1 is [2, 4, 6]; before page 2 its last device (6) and a later one (10) leave,
    // 1 arrives before the cursor and 7 after it.
    let before: Vec<u128> = vec![2, 4, 6, 8, 10, 12, 14];
    let after: Vec<u128> = vec![1, 2, 4, 7, 8, 12, 14];
    let pages = read_all(|n| rows(if n == 0 { before.clone() } else { after.clone() }), rows_of(3));
    assert_eq!(pages, vec![vec![2, 4, 6], vec![7, 8, 12], vec![14]]);
}

proptest::proptest! {
    /// Whatever changes between pages: no device twice, every device there throughout
    /// once, and nothing that was not there when its page was read.
    #[test]
    fn changes_between_pages_leave_no_duplicate_and_no_gap(
        start in proptest::collection::btree_set(0u128..200, 0..60),
        changes in proptest::collection::vec((0u128..200, proptest::bool::ANY), 0..40),
        limit in 1usize..8,
    ) {
        let mut fleet = start.clone();
        let mut stayed = start;
        let mut changes = changes.into_iter();
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = page(rows(fleet.iter().copied()), after, rows_of(limit));
            proptest::prop_assert!(ids(&page.rows).iter().all(|id| fleet.contains(id)));
            seen.extend(ids(&page.rows));
            let Some(next) = page.next else { break };
            after = Some(next);
            for (id, add) in changes.by_ref().take(3) {
                stayed.remove(&id);
                if add { fleet.insert(id) } else { fleet.remove(&id) };
            }
        }
        let distinct: BTreeSet<u128> = seen.iter().copied().collect();
        proptest::prop_assert_eq!(distinct.len(), seen.len(), "a device twice: {:?}", seen);
        proptest::prop_assert!(stayed.is_subset(&distinct), "missed {:?}", stayed.difference(&distinct));
    }
}

#[test]
fn limit_is_one_to_five_thousand() {
    assert_eq!(Limit::parse("1"), Ok(rows_of(1)));
    assert_eq!(Limit::parse("5000"), Ok(rows_of(5000)));
    for bad in ["0", "5001", "-1", "", "ten", "1.5", " 5", "99999999999999999999999"] {
        let message = Limit::parse(bad).unwrap_err();
        assert!(message.contains("from 1 to 5000"), "{bad:?}: {message}");
    }
}

#[test]
fn a_cursor_round_trips_and_anything_else_is_refused() {
    let cursor = Cursor(Uuid::from_u128(0x5d1f_2c3b_8e7a_5b6c_9d0e_1f2a_3b4c_5d6e));
    assert_eq!(Cursor::decode(&cursor.encode()), Ok(cursor));
    assert!(cursor.encode().bytes().all(|b| b.is_ascii_hexdigit()), "safe in a URL as it is");
    let wrong_version = format!("02{}", &cursor.encode()[2..]);
    let uuid = "5d1f2c3b-8e7a-5b6c-9d0e-1f2a3b4c5d6e";
    for bad in ["", "zz", &cursor.encode()[..32], &format!("{}00", cursor.encode()), &wrong_version, uuid] {
        let message = Cursor::decode(bad).unwrap_err();
        assert!(message.contains("not a cursor"), "{bad:?}: {message}");
    }
}
