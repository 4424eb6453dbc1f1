//! The vSphere poller: with one read-only vCenter account, every ESXi host and every VM
//! (whatever its OS) becomes a report, over the vSphere Web Services API (SOAP) that every
//! vCenter from 6.5 on speaks.
//!
//! `session` makes the calls (RetrieveServiceContent, Login, CreateContainerView,
//! RetrievePropertiesEx with ContinueRetrievePropertiesEx for paged answers, Logout), one
//! property-collector request per kind of object; `build` and `guest` turn the answers into
//! reports (pure); `tags` reads vSphere tags from the REST service; `known` remembers what
//! was seen, so a VM that leaves vCenter is reported gone rather than silently vanishing.

pub mod build;
pub mod config;
pub mod guest;
pub mod known;
pub mod session;
pub mod soap;
pub mod tags;

use std::collections::HashMap;
use std::time::Instant;

use arsring_protocol::{Hypervisor, VirtualMachine};

pub use config::{Target, VsphereConfig};
use session::{Object, Session};

/// Why a poll failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("vCenter did not answer: {0}")]
    Unreachable(String),
    #[error("vCenter refused the log-in: {0} (check the user and password)")]
    Login(String),
    #[error("vCenter ended the session (NotAuthenticated)")]
    NotAuthenticated,
    #[error("vCenter answered {method} with a fault: {fault}")]
    Fault { method: String, fault: soap::Fault },
    #[error("vCenter's answer could not be read: {0}")]
    Malformed(String),
    #[error("{0}")]
    Setup(String),
}

/// Everything one poll found.
#[derive(Clone, Debug, Default)]
pub struct Poll {
    /// `about.instanceUuid` of the vCenter polled; of an ESXi host polled on its own, the
    /// host's hardware UUID (`build::instance`).
    pub vcenter: String,
    pub vcenter_version: String,
    pub hosts: Vec<Hypervisor>,
    pub vms: Vec<VirtualMachine>,
    /// SOAP requests made (tags' REST requests apart).
    pub requests: u32,
    pub elapsed_ms: u64,
    /// What could not be read but did not stop the poll (e.g. the tagging service).
    pub warnings: Vec<String>,
}

const TREE_KINDS: [&str; 6] =
    ["Folder", "Datacenter", "ClusterComputeResource", "ComputeResource", "ResourcePool", "VirtualApp"];
const TREE_PATHS: &[&str] = &["name", "parent"];
/// A vApp's VMs have no folder of their own: the vApp's is theirs.
const VAPP_PATHS: &[&str] = &["name", "parent", "parentFolder"];
const HOST_PATHS: &[&str] = &[
    "name",
    "parent",
    "summary.hardware",
    "hardware.biosInfo",
    "hardware.systemInfo",
    "config.product",
    "config.network.vnic",
    "runtime.connectionState",
    "runtime.powerState",
    "customValue",
];
const VM_PATHS: &[&str] = &[
    "name",
    "parent",
    "parentVApp",
    "resourcePool",
    "config.template",
    "config.uuid",
    "config.instanceUuid",
    "config.guestId",
    "config.guestFullName",
    "config.annotation",
    "config.hardware.numCPU",
    "config.hardware.memoryMB",
    "config.hardware.device",
    "guest.guestId",
    "guest.guestFullName",
    "guest.hostName",
    "guest.net",
    "guest.toolsRunningStatus",
    "runtime.powerState",
    "runtime.host",
    "summary.storage.committed",
    "summary.storage.uncommitted",
    "customValue",
];

/// Polls one vCenter: logs in, reads the inventory tree, the hosts and the VMs, logs out.
pub async fn poll(target: &Target) -> Result<Poll, Error> {
    let started = Instant::now();
    let http = session::http_client(target.ca.as_deref(), target.insecure, target.timeout)
        .map_err(|e| Error::Setup(format!("{e:#}")))?;
    let mut session = Session::new(http.clone(), target.url.clone());
    let sc = session.service_content().await?;
    let password = target.password().map_err(|e| Error::Setup(format!("{e:#}")))?;
    session.login(&sc, &target.user, &password).await?;
    let mut read = read_inventory(&session, &sc, target).await;
    // A session that expired mid-poll (vCenter's idle timeout) is renewed once.
    if matches!(read, Err(Error::NotAuthenticated)) {
        tracing::info!(vcenter = %target.name, "vCenter ended the session; logging in again");
        session.login(&sc, &target.user, &password).await?;
        read = read_inventory(&session, &sc, target).await;
    }
    // Logged out whatever happened; a failed logout only leaves a session to expire.
    if let Err(err) = session.logout(&sc).await {
        tracing::debug!(%err, "vCenter logout failed");
    }
    let mut poll = read?;
    // An ESXi host on its own has no tagging service (vCenter's vAPI).
    if target.tags && !poll.vms.is_empty() && sc.api_type != build::HOST_AGENT {
        let morefs: Vec<String> = poll.vms.iter().map(|vm| vm.placement.moref.clone()).collect();
        match tags::vm_tags(&http, &target.url, &target.user, &password, &morefs).await {
            Ok(by_vm) => {
                for vm in &mut poll.vms {
                    vm.tags = Some(by_vm.get(&vm.placement.moref).cloned().unwrap_or_default());
                }
            }
            Err(why) => poll.warnings.push(format!("vSphere tags not read: {why}")),
        }
    }
    poll.vcenter_version = sc.full_name.clone();
    poll.requests = session.requests();
    poll.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Ok(poll)
}

async fn read_inventory(session: &Session, sc: &session::ServiceContent, target: &Target) -> Result<Poll, Error> {
    let fields = match &sc.custom_fields_manager {
        Some(manager) => custom_fields(session, sc, manager).await?,
        None => HashMap::new(),
    };
    let page = target.page_size;
    let tree_props: Vec<(&str, &[&str])> =
        TREE_KINDS.iter().map(|k| (*k, if *k == "VirtualApp" { VAPP_PATHS } else { TREE_PATHS })).collect();
    let mut tree_objects = Vec::new();
    view(session, sc, &TREE_KINDS, &tree_props, page, |p| tree_objects.extend(p)).await?;
    let tree = build::Tree::from_objects(&tree_objects);
    let mut hosts = Vec::new();
    view(session, sc, &["HostSystem"], &[("HostSystem", HOST_PATHS)], page, |p| hosts.extend(p)).await?;
    let instance = build::instance(sc.instance_uuid.as_deref(), &sc.api_type, &hosts).map_err(Error::Malformed)?;
    let origin = build::Origin { instance_uuid: &instance, name: &target.name, fields: &fields };
    let host_names = build::host_names(&hosts);
    // VMs are built page by page: their device lists are most of the answer.
    let (mut vms, mut vm_hosts) = (Vec::new(), Vec::new());
    view(session, sc, &["VirtualMachine"], &[("VirtualMachine", VM_PATHS)], page, |p| {
        for o in p.iter().filter(|o| !build::is_template(o)) {
            vm_hosts.push(o.props.get("runtime.host").map(|h| h.text.clone()));
            vms.push(build::virtual_machine(&origin, &tree, o, &host_names));
        }
    })
    .await?;
    let mut per_host: HashMap<&str, u32> = HashMap::new();
    for h in vm_hosts.iter().flatten() {
        *per_host.entry(h.as_str()).or_default() += 1;
    }
    let hosts = hosts
        .iter()
        .map(|h| build::hypervisor(&origin, &tree, h, per_host.get(h.id.as_str()).copied().unwrap_or(0)))
        .collect();
    Ok(Poll { vcenter: instance.clone(), hosts, vms, ..Poll::default() })
}

async fn view(
    session: &Session,
    sc: &session::ServiceContent,
    kinds: &[&str],
    props: &[(&str, &[&str])],
    page: u32,
    on_page: impl FnMut(Vec<Object>),
) -> Result<(), Error> {
    let view = session.container_view(sc, kinds).await?;
    let read = session.retrieve_view(sc, &view, props, page, on_page).await;
    if let Err(err) = session.destroy_view(&view).await {
        tracing::debug!(%err, "vCenter DestroyView failed");
    }
    read
}

/// Custom field keys → names, so attributes are reported by name.
async fn custom_fields(
    session: &Session,
    sc: &session::ServiceContent,
    manager: &str,
) -> Result<HashMap<String, String>, Error> {
    let object = session.retrieve_one(sc, "CustomFieldsManager", manager, &["field"]).await?;
    Ok(object
        .props
        .get("field")
        .map(|fields| {
            fields
                .children
                .iter()
                .filter_map(|f| Some((f.text_at("key")?.to_string(), f.text_at("name")?.to_string())))
                .collect()
        })
        .unwrap_or_default())
}
