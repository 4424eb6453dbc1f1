use super::Reads;

#[test]
fn the_read_begun_last_is_kept_whatever_order_the_reads_end_in() {
    let reads = Reads::default();
    let (sweep, after_revoke) = (reads.begin(), reads.begin());
    // The read made after a revocation ends first; the sweep's, begun before it, ends late.
    assert!(reads.keep(after_revoke));
    assert!(!reads.keep(sweep), "an older read must not replace a newer one");
    let next = reads.begin();
    assert!(reads.keep(next));
    assert!(!reads.keep(next), "a read is kept once");
}
