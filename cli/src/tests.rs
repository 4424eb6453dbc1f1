use super::*;

#[derive(Debug)]
struct Layer(&'static str, Option<Box<Layer>>);

impl std::fmt::Display for Layer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Layer {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.1.as_deref().map(|l| l as _)
    }
}

#[test]
fn causes_follow_on_one_line() {
    let err = Layer("sending", Some(Box::new(Layer("connect", Some(Box::new(Layer("refused", None)))))));
    assert_eq!(error_chain(&err), "sending: connect: refused");
    assert_eq!(error_chain(&Layer("alone", None)), "alone");
}

#[test]
fn codes_are_distinct() {
    let codes = [exit::OK, exit::FAILED, exit::USAGE, exit::SPOOLED, exit::REJECTED, exit::UNREACHABLE, exit::DENIED];
    let mut sorted = codes.to_vec();
    sorted.dedup();
    assert_eq!(sorted.len(), codes.len());
}
