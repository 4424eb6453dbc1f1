//! One session with vCenter over HTTPS: the few calls the poller needs, the session cookie,
//! a deadline on every request, paged property retrieval. Credentials go into the Login
//! body only; they are never logged.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};

use super::Error;
use super::soap::{self, Answer, Node, escape, moref};

/// The largest answer read: a page of a few hundred VMs is a few MB.
const MAX_ANSWER_BYTES: usize = 64 << 20;

/// What `RetrieveServiceContent` tells about vCenter and where its managers are.
#[derive(Clone, Debug, Default)]
pub struct ServiceContent {
    pub root_folder: String,
    pub property_collector: String,
    pub view_manager: String,
    pub session_manager: String,
    pub custom_fields_manager: Option<String>,
    /// `about.instanceUuid`: which vCenter this is. A lone ESXi host has none.
    pub instance_uuid: Option<String>,
    /// `about.apiType`: `VirtualCenter`, or `HostAgent` for an ESXi host on its own.
    pub api_type: String,
    pub full_name: String,
    pub api_version: String,
}

/// One object with the properties asked for, by property path.
#[derive(Clone, Debug, Default)]
pub struct Object {
    pub kind: String,
    pub id: String,
    pub props: HashMap<String, Node>,
}

pub struct Session {
    http: reqwest::Client,
    url: reqwest::Url,
    cookie: Option<String>,
    requests: AtomicU32,
}

impl Session {
    pub fn new(http: reqwest::Client, url: reqwest::Url) -> Session {
        Session { http, url, cookie: None, requests: AtomicU32::new(0) }
    }

    /// SOAP requests made so far.
    pub fn requests(&self) -> u32 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Posts one call and returns its `<{method}Response>`.
    async fn call(&self, method: &str, body: &str) -> Result<Node, Error> {
        let (node, _) = self.call_keeping_cookie(method, body).await?;
        Ok(node)
    }

    async fn call_keeping_cookie(&self, method: &str, body: &str) -> Result<(Node, Option<String>), Error> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let mut request = self
            .http
            .post(self.url.clone())
            .header(CONTENT_TYPE, "text/xml; charset=utf-8")
            .header("SOAPAction", "urn:vim25/6.5")
            .body(soap::envelope(&format!("<{method}>{body}</{method}>")));
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.map_err(|e| Error::Unreachable(arsring_cli::error_chain(&e)))?;
        let status = response.status();
        let cookie = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("vmware_soap_session="))
            .and_then(|v| v.split(';').next())
            .map(str::to_string);
        let text = read_bounded(response).await?;
        match soap::response(&text, method) {
            Ok(node) => Ok((node, cookie)),
            Err(Answer::Fault(f)) => Err(match f.kind.as_deref() {
                Some("InvalidLogin") => Error::Login(f.message),
                Some("NotAuthenticated") => Error::NotAuthenticated,
                _ => Error::Fault { method: method.into(), fault: f },
            }),
            Err(Answer::Malformed(why)) => Err(Error::Malformed(format!("{method} (HTTP {status}): {why}"))),
        }
    }

    pub async fn service_content(&self) -> Result<ServiceContent, Error> {
        let node = self.call("RetrieveServiceContent", &moref("_this", "ServiceInstance", "ServiceInstance")).await?;
        let r = node.child("returnval").ok_or_else(|| Error::Malformed("ServiceContent without returnval".into()))?;
        let need = |path: &str| {
            r.text_at(path)
                .map(str::to_string)
                .ok_or_else(|| Error::Malformed(format!("ServiceContent without {path}")))
        };
        Ok(ServiceContent {
            root_folder: need("rootFolder")?,
            property_collector: need("propertyCollector")?,
            view_manager: need("viewManager")?,
            session_manager: need("sessionManager")?,
            custom_fields_manager: r.text_at("customFieldsManager").map(str::to_string),
            instance_uuid: r.text_at("about/instanceUuid").filter(|u| !u.trim().is_empty()).map(str::to_string),
            api_type: r.text_at("about/apiType").unwrap_or("").to_string(),
            full_name: r.text_at("about/fullName").unwrap_or("vCenter").to_string(),
            api_version: r.text_at("about/apiVersion").unwrap_or("").to_string(),
        })
    }

    pub async fn login(&mut self, sc: &ServiceContent, user: &str, password: &str) -> Result<(), Error> {
        // A stale cookie makes Login fail; every login starts a fresh session.
        self.cookie = None;
        let body = format!(
            "{}<userName>{}</userName><password>{}</password>",
            moref("_this", "SessionManager", &sc.session_manager),
            escape(user),
            escape(password)
        );
        let (_, cookie) = self.call_keeping_cookie("Login", &body).await?;
        self.cookie = Some(cookie.ok_or_else(|| Error::Malformed("Login set no session cookie".into()))?);
        Ok(())
    }

    pub async fn logout(&self, sc: &ServiceContent) -> Result<(), Error> {
        self.call("Logout", &moref("_this", "SessionManager", &sc.session_manager)).await.map(drop)
    }

    /// A view of every object of `kinds` below the root folder.
    pub async fn container_view(&self, sc: &ServiceContent, kinds: &[&str]) -> Result<String, Error> {
        let types: String = kinds.iter().map(|k| format!("<type>{}</type>", escape(k))).collect();
        let body = format!(
            "{}{}{types}<recursive>true</recursive>",
            moref("_this", "ViewManager", &sc.view_manager),
            moref("container", "Folder", &sc.root_folder)
        );
        let node = self.call("CreateContainerView", &body).await?;
        node.text_at("returnval").map(str::to_string).ok_or_else(|| Error::Malformed("no view returned".into()))
    }

    pub async fn destroy_view(&self, view: &str) -> Result<(), Error> {
        self.call("DestroyView", &moref("_this", "ContainerView", view)).await.map(drop)
    }

    /// The properties `paths` of every object in `view`, per kind, handed to `on_page` a
    /// page at a time (so a large inventory is never all in memory as XML).
    pub async fn retrieve_view(
        &self,
        sc: &ServiceContent,
        view: &str,
        props: &[(&str, &[&str])],
        page: u32,
        on_page: impl FnMut(Vec<Object>),
    ) -> Result<(), Error> {
        let object_set = format!(
            "<objectSet>{}<skip>true</skip><selectSet xsi:type=\"TraversalSpec\"><name>view</name>\
             <type>ContainerView</type><path>view</path><skip>false</skip></selectSet></objectSet>",
            moref("obj", "ContainerView", view)
        );
        self.retrieve(sc, props, &object_set, page, on_page).await
    }

    /// The properties of one object.
    pub async fn retrieve_one(
        &self,
        sc: &ServiceContent,
        kind: &str,
        id: &str,
        paths: &[&str],
    ) -> Result<Object, Error> {
        let object_set = format!("<objectSet>{}<skip>false</skip></objectSet>", moref("obj", kind, id));
        let mut found = Vec::new();
        self.retrieve(sc, &[(kind, paths)], &object_set, 1, |page| found.extend(page)).await?;
        found.into_iter().next().ok_or_else(|| Error::Malformed(format!("no properties of {kind} {id}")))
    }

    async fn retrieve(
        &self,
        sc: &ServiceContent,
        props: &[(&str, &[&str])],
        object_set: &str,
        page: u32,
        mut on_page: impl FnMut(Vec<Object>),
    ) -> Result<(), Error> {
        let collector = moref("_this", "PropertyCollector", &sc.property_collector);
        let prop_sets: String = props
            .iter()
            .map(|(kind, paths)| {
                let paths: String = paths.iter().map(|p| format!("<pathSet>{}</pathSet>", escape(p))).collect();
                format!("<propSet><type>{}</type>{paths}</propSet>", escape(kind))
            })
            .collect();
        let body = format!(
            "{collector}<specSet>{prop_sets}{object_set}</specSet><options><maxObjects>{page}</maxObjects></options>"
        );
        let (objects, mut token) = read_page(self.call("RetrievePropertiesEx", &body).await?)?;
        on_page(objects);
        // A vCenter pages large answers; each page's token fetches the next, once.
        while let Some(t) = token {
            let body = format!("{collector}<token>{}</token>", escape(&t));
            let (objects, next) = read_page(self.call("ContinueRetrievePropertiesEx", &body).await?)?;
            on_page(objects);
            token = next;
        }
        Ok(())
    }
}

/// One page's objects, and the token of the next page, if any. Takes the answer by value
/// so the property values move into the objects instead of being copied.
fn read_page(node: Node) -> Result<(Vec<Object>, Option<String>), Error> {
    let mut out = Vec::new();
    // No match at all is an answer without returnval.
    let Some(r) = node.children.into_iter().find(|c| c.name == "returnval") else { return Ok((out, None)) };
    let token = r.text_at("token").map(str::to_string);
    for o in r.children.into_iter().filter(|c| c.name == "objects") {
        let mut object = Object::default();
        let mut seen_obj = false;
        for part in o.children {
            match part.name.as_str() {
                "obj" => {
                    object.kind = part.mo_type.unwrap_or_default();
                    object.id = part.text;
                    seen_obj = true;
                }
                "propSet" => {
                    let name = part.text_at("name").map(str::to_string);
                    if let (Some(name), Some(val)) = (name, part.children.into_iter().find(|c| c.name == "val")) {
                        object.props.insert(name, val);
                    }
                }
                _ => {}
            }
        }
        if !seen_obj {
            return Err(Error::Malformed("an object without obj".into()));
        }
        out.push(object);
    }
    Ok((out, token))
}

async fn read_bounded(mut response: reqwest::Response) -> Result<String, Error> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| Error::Unreachable(arsring_cli::error_chain(&e)))? {
        if bytes.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(Error::Malformed(format!("an answer larger than {} MiB", MAX_ANSWER_BYTES >> 20)));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| Error::Malformed("the answer is not UTF-8".into()))
}

/// An HTTP client for one vCenter: its CA (or the system's), or no verification when the
/// user asked for `insecure`; a deadline on every request.
pub fn http_client(ca: Option<&std::path::Path>, insecure: bool, timeout: Duration) -> anyhow::Result<reqwest::Client> {
    let tls = if insecure { insecure_tls()? } else { crate::deliver::tls_config(ca)? };
    Ok(reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("arsring-agent/", env!("CARGO_PKG_VERSION")))
        .build()?)
}

fn insecure_tls() -> anyhow::Result<rustls::ClientConfig> {
    #[derive(Debug)]
    struct AcceptAnything(rustls::crypto::CryptoProvider);
    impl rustls::client::danger::ServerCertVerifier for AcceptAnything {
        fn verify_server_cert(
            &self,
            _: &rustls_pki_types::CertificateDer<'_>,
            _: &[rustls_pki_types::CertificateDer<'_>],
            _: &rustls_pki_types::ServerName<'_>,
            _: &[u8],
            _: rustls_pki_types::UnixTime,
        ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
            Ok(rustls::client::danger::ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &rustls_pki_types::CertificateDer<'_>,
            dss: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
        }
        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &rustls_pki_types::CertificateDer<'_>,
            dss: &rustls::DigitallySignedStruct,
        ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
            rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
        }
        fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }
    let provider = rustls::crypto::ring::default_provider();
    let config = rustls::ClientConfig::builder_with_provider(provider.clone().into())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(std::sync::Arc::new(AcceptAnything(provider)))
        .with_no_client_auth();
    Ok(config)
}
