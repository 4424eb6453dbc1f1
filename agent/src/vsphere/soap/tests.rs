use super::*;

#[test]
fn text_is_escaped_for_xml() {
    assert_eq!(escape("Lön & <Personal> \"a\" 'b'"), "Lön &amp; &lt;Personal&gt; &quot;a&quot; &apos;b&apos;");
    assert_eq!(
        moref("_this", "SessionManager", "Session<Manager>"),
        "<_this type=\"SessionManager\">Session&lt;Manager&gt;</_this>"
    );
}

const PAGE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>
<RetrievePropertiesExResponse xmlns="urn:vim25"><returnval><token>1</token><objects><obj type="VirtualMachine">vm-126</obj>
<propSet><name>name</name><val xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="xsd:string">Lön &amp; Personal – test &lt;gammal&gt;</val></propSet>
<propSet><name>runtime.host</name><val xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="ManagedObjectReference" type="HostSystem">host-71</val></propSet>
</objects></returnval></RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>"#;

#[test]
fn an_answer_is_read_with_its_types_whatever_the_xsi_prefix() {
    let node = response(PAGE, "RetrievePropertiesEx").unwrap();
    let objects = node.at("returnval/objects").unwrap();
    assert_eq!(objects.child("obj").unwrap().mo_type.as_deref(), Some("VirtualMachine"));
    let vals: Vec<&Node> = objects.all("propSet").filter_map(|p| p.child("val")).collect();
    assert_eq!(vals[0].text, "Lön & Personal – test <gammal>");
    assert_eq!(vals[0].xsi_type.as_deref(), Some("string"));
    assert_eq!(
        (vals[1].xsi_type.as_deref(), vals[1].mo_type.as_deref()),
        (Some("ManagedObjectReference"), Some("HostSystem"))
    );
    assert_eq!(node.text_at("returnval/token"), Some("1"));
}

#[test]
fn faults_name_their_kind() {
    let body = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Login failure</faultstring><detail><InvalidLoginFault xmlns="urn:vim25" xsi:type="InvalidLogin"></InvalidLoginFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#;
    let Err(Answer::Fault(fault)) = response(body, "Login") else { panic!("a fault") };
    assert_eq!((fault.kind.as_deref(), fault.message.as_str()), (Some("InvalidLogin"), "Login failure"));
    assert_eq!(fault.to_string(), "InvalidLogin: Login failure");
    let no_type = body.replace(" xsi:type=\"InvalidLogin\"", "");
    let Err(Answer::Fault(fault)) = response(&no_type, "Login") else { panic!("a fault") };
    assert_eq!(fault.kind.as_deref(), Some("InvalidLogin"), "from the element name");
}

#[test]
fn truncated_or_unexpected_answers_are_malformed_not_panics() {
    for (body, why) in [
        (&PAGE[..PAGE.len() / 2], "not XML"),
        ("<html><body>502 Bad Gateway</body></html>", "no SOAP Body"),
        ("", "not XML"),
        ("<!DOCTYPE x [<!ENTITY a \"b\">]><x/>", "not XML"),
    ] {
        match response(body, "RetrievePropertiesEx") {
            Err(Answer::Malformed(message)) => assert!(message.contains(why), "{message}"),
            other => panic!("{why}: {other:?}"),
        }
    }
    let Err(Answer::Malformed(message)) = response(PAGE, "Login") else { panic!() };
    assert!(message.contains("expected LoginResponse, got RetrievePropertiesExResponse"), "{message}");
}

proptest::proptest! {
    #[test]
    fn any_text_is_answered_without_panic(body in ".{0,400}") {
        let _ = response(&body, "Login");
    }

    #[test]
    fn escaped_text_reads_back(text in "\\PC{0,60}") {
        let body = format!(
            "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body><XResponse><v>{}</v></XResponse></e:Body></e:Envelope>",
            escape(&text)
        );
        let node = response(&body, "X").unwrap();
        proptest::prop_assert_eq!(node.text_at("v").unwrap_or(""), text.trim());
    }
}
