//! The model named in sysDescr, for the families whose wording includes it.
//!
//! ENTITY-MIB's chassis `entPhysicalModelName` is the better source; this helps when a device
//! leaves it empty (Juniper reports a part number there, Huawei often nothing) and feeds
//! [`super::category`].

use super::*;

/// The model as written in sysDescr (`mx960`, `Aruba7010`, `DCS-7048T-A`, `S12704`), or `None`.
/// The result borrows from `descr`.
pub fn model_from_sys_descr(descr: &str) -> Option<&str> {
    let d = clip(descr);
    let found = junos(d)
        .or_else(|| between(d, "(MODEL: ", ")"))
        .or_else(|| after(d, "running on an Arista Networks ").map(token))
        .or_else(|| hp_aruba(d))
        .or_else(|| ironware(d))
        .or_else(|| vrp_model(d))
        .or_else(|| h3c(d))
        .or_else(|| zte(d))
        .or_else(|| ruijie(d))
        .or_else(|| routeros(d))
        .or_else(|| after(d, "Series: ").map(token))
        .or_else(|| after(d, "Dell Networking N").and_then(|_| dell_n(d)))
        .or_else(|| dlink(d))
        .or_else(|| boss(d))
        .or_else(|| fastpath(d))
        .or_else(|| fortinet_release(d))
        .or_else(|| trapeze(d))
        .or_else(|| before_product_version(d))
        .or_else(|| compiled_device(d))
        .or_else(|| after_brand(d, "Digital China "))
        .or_else(|| after_brand(d, "BDCOM(tm) "))
        .or_else(|| bare_model(d))?;
    let found = found.trim().trim_end_matches('.').trim_end();
    // A span cut out of garbage (`(MODEL: …)` with no `)` on the line) is no model.
    let ok = !found.is_empty() && found.len() <= 64 && !found.contains(char::is_control);
    ok.then_some(found)
}

fn between<'a>(d: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let rest = after(d, open)?;
    rest.find(close).map(|end| &rest[..end])
}

/// `Juniper Networks, Inc. ex2200-24t-4g internet router, kernel JUNOS 10.2R1.8 …`.
fn junos(d: &str) -> Option<&str> {
    let rest = after(d, "Juniper Networks, Inc. ")?;
    if !(d.contains("JUNOS") || d.contains("internet router") || d.contains(", version ")) {
        return None;
    }
    Some(token(rest))
}

/// `HP J4887A ProCurve Switch 4104GL, …`, `ProCurve 516733-B21 6120XG …`, `Aruba JL635A 8325 …`:
/// the HP product number, which is what HPE's datasheets and ENTITY-MIB use.
fn hp_aruba(d: &str) -> Option<&str> {
    let rest = d.strip_prefix("HP ").or_else(|| d.strip_prefix("Aruba ")).or_else(|| d.strip_prefix("ProCurve "))?;
    let t = token(rest);
    let is_part_no = t.len() >= 5
        && t.bytes().any(|b| b.is_ascii_digit())
        && t.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit());
    is_part_no.then_some(t)
}

/// `Brocade Communications Systems, Inc. ICX6430-24, IronWare Version …`: the last word before.
fn ironware(d: &str) -> Option<&str> {
    let head = &d[..d.find(", IronWare Version")?];
    head.split_whitespace().last()
}

/// `… Version 8.100 (CE6810EI V100R005C10SPC200)`: what the parenthesis holds before the
/// release code, which may be more than one word (`(NetEngine 8000 V800R012C10SPC300)`);
/// outside a parenthesis, the word before the code.
fn vrp_model(d: &str) -> Option<&str> {
    if !(d.contains("VRP (R) software") || d.contains("Huawei YunShan OS")) {
        return None;
    }
    let code = families::vrp_code(d)?;
    let at = d.find(code)?;
    let before = d[..at].trim_end();
    let in_parenthesis = before
        .rfind('(')
        .map(|open| before[open + 1..].trim())
        .filter(|inside| !inside.is_empty() && inside.len() <= 40 && !inside.contains([')', '\r', '\n']));
    // After the separator, by its width: a no-break space is two bytes.
    let start =
        before.char_indices().rev().find(|(_, c)| c.is_whitespace() || *c == '(').map_or(0, |(i, c)| i + c.len_utf8());
    let model = in_parenthesis.unwrap_or(&before[start..]);
    // The S5720 recording puts the full model on the first line; the parenthesis has only the series.
    let first_line = d.lines().next().map(str::trim).filter(|l| !l.contains(' ') && l.starts_with(model));
    first_line.or(Some(model)).filter(|m| !m.is_empty())
}

/// `H3C Switch E528 Software …`, `… Release 2107 H3C S3100-52TP-SI`, `… Software H3C WX6103. …`.
fn h3c(d: &str) -> Option<&str> {
    if let Some(rest) = after(d, "H3C Switch ") {
        return Some(token(rest));
    }
    // Skip "H3C Comware …" and "Hangzhou H3C Technologies" (copyright): the model has digits.
    d.match_indices("H3C ")
        .map(|(at, _)| token(&d[at + 4..]).trim_end_matches('.'))
        .find(|t| t.starts_with(|c: char| c.is_ascii_uppercase()) && t.bytes().any(|b| b.is_ascii_digit()))
}

/// `ZTE Ethernet Switch  ZXR10 5250-52TM-H, Version: …`, `ZTE ZXR10 9908 Software, …`.
fn zte(d: &str) -> Option<&str> {
    let at = d.find("ZXR10 ")?;
    let rest = &d[at..];
    let end = rest.find([',', '\r', '\n']).unwrap_or(rest.len());
    let name = rest[..end].trim_end();
    Some(name.strip_suffix(" Software").unwrap_or(name))
}

/// `Ruijie 10G Routing Switch(S5750-24GT/12SFP) By Ruijie Networks`.
fn ruijie(d: &str) -> Option<&str> {
    if !d.contains("Ruijie") {
        return None;
    }
    between(d, "(", ")")
}

/// `RouterOS CRS125-24G-1S`; in `RouterOS 6.40.5 (stable) on RB952Ui-5ac2nD` (the chassis
/// entPhysicalDescr) the word after the name is the release and the board follows `on`.
fn routeros(d: &str) -> Option<&str> {
    let first = token(after(d, "RouterOS ")?);
    if !first.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(first);
    }
    after(d, " on ").map(token)
}

/// Trapeze-made Juniper WLAN controllers: `Juniper Networks, Inc WLC2800 9.0.3.5 REL` (no
/// dot after `Inc`, unlike Junos).
fn trapeze(d: &str) -> Option<&str> {
    let t = token(after(d, "Juniper Networks, Inc ")?);
    t.starts_with("WLC").then_some(t)
}

/// The word before `Product Version`: `H3C Comware Platform Software LSQ1WCMD0. Product
/// Version Release 2509P61`, `HP 12508 Product Version 12500-CMW710-R7328P01`, DPtech's
/// `\r DPX8000-A5 Product Version DPX8000-A5-S111C011D007P02PATCH03`.
fn before_product_version(d: &str) -> Option<&str> {
    let head = &d[..d.find(" Product Version ")?];
    let word = head.split_whitespace().last()?.trim_end_matches('.');
    word.bytes().any(|b| b.is_ascii_digit()).then_some(word)
}

/// Digital China and Maipu switches share an agent that opens with the model:
/// `DCRS-5980-28T-DC Device, Compiled Mar 27 …`, `  SM4200-16GEF8GE-AC Device, Compiled …`.
fn compiled_device(d: &str) -> Option<&str> {
    let line = d.lines().next()?.trim_start();
    let model = &line[..line.find(" Device, Compiled")?];
    (!model.contains(char::is_whitespace)).then_some(model)
}

/// The word after a brand, when it has a digit as every model here does (`Digital China
/// DCS-3726S`, `BDCOM(tm) S5612 Software, …`); the copyright's `Digital China Networks` has none.
fn after_brand<'a>(d: &'a str, brand: &str) -> Option<&'a str> {
    let t = token(after(d, brand)?);
    t.bytes().any(|b| b.is_ascii_digit()).then_some(t)
}

/// `Dell Networking N3024, 6.1.2.4, Linux 3.6.5-601418a5`.
fn dell_n(d: &str) -> Option<&str> {
    let rest = after(d, "Dell Networking ")?;
    let t = token(rest);
    t.starts_with('N').then_some(t)
}

fn dlink(d: &str) -> Option<&str> {
    let rest = d.strip_prefix("D-Link ").unwrap_or(d);
    let t = token(rest);
    families::is_dlink_model(t).then_some(t)
}

/// `Ethernet Routing Switch 5530-24TFD    HW:32 …`, `BayStack 470 - 48T  HW:…`: the product
/// before the hardware revision, as the device names itself.
fn boss(d: &str) -> Option<&str> {
    let named = ["Ethernet Routing Switch ", "BayStack ", "Business Policy Switch "].iter().any(|m| d.starts_with(m));
    let head = d[..d.find(" HW:")?].trim_end();
    (named && d.contains("SW:v") && !head.contains(['\r', '\n'])).then_some(head)
}

/// A FASTPATH-style product (`GS724Tv4 ProSafe 24-port Gigabit Ethernet Smart Switch, 6.3.1.11,
/// B1.0.0.4`, `EdgeSwitch 24-Port 250W, 1.0.1.4720839, Linux …`): its first word where that
/// is a model number, else the product name when it is short and has a number in it.
fn fastpath(d: &str) -> Option<&str> {
    let (product, _) = fastpath::parts(d)?;
    let first = token(product);
    let model_number = first.len() >= 4
        && first.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
        && first.bytes().any(|b| b.is_ascii_digit());
    if model_number {
        return Some(first);
    }
    let product = product.trim();
    (product.len() <= 40 && product.bytes().any(|b| b.is_ascii_digit())).then_some(product)
}

/// Fortinet's version strings lead with the model: FORTINET-FORTISWITCH-MIB fsSysVersion
/// `FortiSwitch-248D-FPOE v3.3.3,build4047,160219 (GA)` (7.x: `S548DF-v7.2.5-build0453,230511
/// (GA)`), a chassis' revision `FortiCarrier-3000D v5.4.5,build1138b1138,170531 (GA)`.
fn fortinet_release(d: &str) -> Option<&str> {
    let (model, _) = families::fortinet_release(d)?;
    Some(model)
}

/// A sysDescr that is nothing but a model on its first line (`S12704`, `DS-5100B`,
/// `S5720-36C-EI-AC \r\nHuawei Versatile Routing Platform …`).
fn bare_model(d: &str) -> Option<&str> {
    let line = d.lines().next()?.trim();
    let ok = !line.is_empty()
        && line.len() <= 40
        && !line.contains(char::is_whitespace)
        && line.starts_with(|c: char| c.is_ascii_uppercase())
        && line.bytes().any(|b| b.is_ascii_digit())
        && line.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'/' | b'+' | b'.'));
    ok.then_some(line)
}
