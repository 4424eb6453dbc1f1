//! The device page's texts: facts of servers, network devices, hosts and VMs, and the
//! headings, headers and notes of its tables.

use arsring_dashboard::Lang;
use arsring_protocol::{DeviceKind, EntityClass, PowerState};

pub use crate::web::pages::text::{AGE_NONE_VM, age_source, platform};

arsring_dashboard::texts! {
    NOT_FOUND = "device not found", "enheten finns inte";
    // Headings.
    COMPONENTS = "Components", "Komponenter";
    NEIGHBOURS = "Neighbours (LLDP, CDP)", "Grannar (LLDP, CDP)";
    NOT_TAKEN = "What the last poll did not take", "Det som den senaste avfrågningen inte fick med";
    POLL_NOTES = "Poll notes", "Anteckningar från avfrågningen";
    AS_VSPHERE = "As vSphere reports it", "Som vSphere rapporterar den";
    LIFECYCLE = "Lifecycle", "Livscykel";
    HISTORY = "History of changes", "Ändringshistorik";
    ON_RECORD = "On record: refused reports, enrolments, identity resets", "I granskningsloggen: avvisade rapporter, registreringar, återställda identiteter";
    // Facts every device has.
    KIND = "Kind", "Typ";
    REPORTED_BY = "Reported by", "Rapporteras av";
    VENDOR = "Vendor", "Tillverkare";
    MODEL = "Model", "Modell";
    SERIAL = "Serial", "Serienummer";
    SITE = "Site", "Plats";
    DEPARTMENT = "Department", "Verksamhet";
    FIRST_SEEN = "First seen", "Först sedd";
    LAST_SEEN = "Last seen", "Senast sedd";
    NOT_ANSWERING = "Not answering", "Svarar inte";
    NOT_ANSWERING_SINCE = "since {since}: {reason}", "sedan {since}: {reason}";
    NOT_SET = "not set", "inte angiven";
    SOURCED = "{value} (from {source})", "{value} (källa: {source})";
    // Kinds of device.
    KIND_SERVER = "server", "server";
    KIND_NETWORK = "network", "nätverksenhet";
    KIND_HYPERVISOR = "hypervisor", "virtualiseringsvärd";
    KIND_VIRTUAL_MACHINE = "virtual machine", "virtuell maskin";
    // Servers.
    FQDN = "FQDN", "FQDN";
    ADDRESSES = "Addresses", "Adresser";
    NOT_REPORTED_BY_AGENT = "not reported by this agent", "rapporteras inte av den här agenten";
    PLATFORM = "Platform", "Plattform";
    CPU = "CPU", "Processor";
    CPU_THREADS = "{model} × {threads} threads", "{model} × {threads} trådar";
    MEMORY = "Memory", "Minne";
    DISKS = "Disks", "Diskar";
    BIOS = "BIOS", "BIOS";
    OS = "OS", "Operativsystem";
    OS_KERNEL = "{os} (kernel {kernel})", "{os} (kärna {kernel})";
    PATCH_LEVEL = "Patch level", "Uppdateringsnivå";
    PENDING_UPDATES = "{pending} pending, {security} security", "{pending} väntande, varav säkerhetsuppdateringar: {security}";
    UPDATES_CHECKED = "Updates checked", "Uppdateringar kontrollerade";
    CHECKED_AT = "{at} by {source}", "{at} med {source}";
    LAST_PATCHED = "Last patched", "Senast uppdaterad";
    REBOOT_REQUIRED = "Reboot required", "Omstart krävs";
    YES = "yes", "ja";
    NO = "no", "nej";
    AGENT = "Agent", "Agentversion";
    // Network devices.
    ADDRESS = "Address", "Adress";
    CATEGORY = "Category", "Kategori";
    FIRMWARE = "Firmware", "Firmwareversion";
    SERIAL_FROM = "Serial from", "Serienummer från";
    NO_SERIAL = "no serial read", "inget serienummer avläst";
    MANUFACTURED = "Manufactured", "Tillverkad";
    DESCRIPTION = "Description", "Beskrivning";
    LOCATION = "Location", "Placering";
    PORTS = "Ports", "Portar";
    LLDP_IDENTITY = "In its neighbours' LLDP", "I grannarnas LLDP";
    // Components (ENTITY-MIB classes).
    INDEX = "Index", "Nr";
    CLASS = "Class", "Klass";
    NAME = "Name", "Namn";
    SOFTWARE = "Software", "Programvara";
    MADE = "Made", "Tillverkad";
    SOURCE = "From", "Källa";
    NO_PARTS = "The device reports no parts (neither ENTITY-MIB nor a vendor table).", "Enheten rapporterar inga delar (varken i ENTITY-MIB eller i en tillverkartabell).";
    CLASS_OTHER = "other", "annat";
    CLASS_UNKNOWN = "unknown", "okänd";
    CLASS_CHASSIS = "chassis", "chassi";
    CLASS_BACKPLANE = "backplane", "bakplan";
    CLASS_CONTAINER = "container", "kortplats";
    CLASS_POWER_SUPPLY = "power supply", "nätaggregat";
    CLASS_FAN = "fan", "fläkt";
    CLASS_SENSOR = "sensor", "sensor";
    CLASS_MODULE = "module", "modul";
    CLASS_PORT = "port", "port";
    CLASS_STACK = "stack", "stack";
    CLASS_CPU = "cpu", "processor";
    CLASS_ENERGY_OBJECT = "energy object", "energiobjekt";
    CLASS_BATTERY = "battery", "batteri";
    CLASS_STORAGE_DRIVE = "storage drive", "lagringsenhet";
    // Neighbours.
    PORT = "Port", "Lokal port";
    NEIGHBOUR = "Neighbour", "Granne";
    ITS_PORT = "Its port", "Grannens port";
    PROTOCOL = "Protocol", "Protokoll";
    SEEN_BY = "Seen by", "Sedd av";
    THE_NEIGHBOUR = "the neighbour", "grannen";
    THIS_DEVICE = "this device", "den här enheten";
    NO_NEIGHBOURS = "No LLDP or CDP neighbour, seen from either end.", "Ingen granne via LLDP eller CDP, sedd från någon av sidorna.";
    // Lifecycle.
    ITEM = "Item", "Avser";
    IN_SERVICE_SINCE = "In service since", "I drift sedan";
    STATUS = "Status", "Status";
    RULE = "Rule", "Regel";
    DATE = "Date", "Datum";
    REPLACE_BY = "Replace by", "Ersätt senast";
    THE_DEVICE = "the device", "enheten";
    COMPONENT = "component {index}", "komponent {index}";
    DECIDES = "{rule} (decides)", "{rule} (avgör)";
    NOT_ASSESSED = "Not assessed.", "Inte bedömd.";
    // History and the audit log.
    WHEN = "When", "När";
    FIELD = "Field", "Fält";
    CHANGED_FROM = "From", "Från";
    CHANGED_TO = "To", "Till";
    SENT_BY = "Sent by", "Skickat av";
    NO_CHANGES = "No changes recorded.", "Inga ändringar registrerade.";
    WHO = "Who", "Vem";
    WHAT = "What", "Vad";
    DETAIL = "Detail", "Detalj";
    NOTHING_ON_RECORD = "Nothing on record for this device.", "Inget i granskningsloggen för den här enheten.";
    AUDIT_UNREADABLE = "The audit log could not be read", "Granskningsloggen kunde inte läsas";
    ALL_EVENTS = "All events for this device", "Alla händelser för den här enheten";
    // vSphere.
    VCENTER = "vCenter", "vCenter";
    DATACENTER = "Datacenter", "Datacenter";
    CLUSTER = "Cluster", "Kluster";
    STANDALONE = "none (standalone host)", "inget (fristående värd)";
    ATTRIBUTE = "Attribute {name}", "Attribut {name}";
    ESXI = "ESXi", "ESXi";
    ASSET_TAG = "Asset tag", "Inventarienummer";
    HOST_CPU = "{model}: {sockets} sockets, {cores} cores, {threads} threads", "{model}: {sockets} socklar, {cores} kärnor, {threads} trådar";
    POWER = "Power", "Strömläge";
    POWERED_ON = "powered on", "påslagen";
    POWERED_OFF = "powered off", "avstängd";
    SUSPENDED = "suspended", "i viloläge";
    CONNECTION = "Connection", "Anslutning";
    VIRTUAL_MACHINES = "Virtual machines", "Virtuella maskiner";
    VM_NAME = "VM name", "VM-namn";
    HOST = "Host", "Värd";
    FOLDER = "Folder", "Mapp";
    RESOURCE_POOL = "Resource pool", "Resurspool";
    INSTANCE_UUID = "Instance UUID", "Instans-UUID";
    BIOS_UUID = "BIOS UUID", "BIOS-UUID";
    GUEST_OS_CONFIGURED = "Guest OS (configured)", "Gästens OS (konfigurerat)";
    GUEST_OS_TOOLS = "Guest OS (VMware Tools)", "Gästens OS (VMware Tools)";
    NO_TOOLS = "not reported (no Tools running)", "rapporteras inte (VMware Tools körs inte)";
    OS_RELEASE = "OS release", "OS-version";
    GUEST_HOSTNAME = "Guest hostname", "Gästens värdnamn";
    MAC_ADDRESSES = "MAC addresses", "MAC-adresser";
    VCPU = "vCPU", "vCPU";
    DISK_PROVISIONED = "Disk provisioned", "Diskutrymme tilldelat";
    DISK_USED = "Disk used", "Diskutrymme använt";
    TAGS = "Tags", "Taggar";
    NOT_READ = "not read", "inte hämtade";
    ANNOTATION = "Annotation", "Anteckning";
}

/// Texts of this module that read the same in both languages on purpose: names of
/// standards and products, and words Swedish IT staff use as they are (for the translation
/// tests, beside the shared list in `pages::text::tests`).
#[cfg(test)]
pub const SAME_IN_BOTH: &[&str] = &[
    "server",
    "FQDN",
    "container",
    "BIOS",
    "sensor",
    "port",
    "stack",
    "Status",
    "vCenter",
    "Datacenter",
    "ESXi",
    "vCPU",
];

pub fn kind(kind: DeviceKind, lang: Lang) -> &'static str {
    let text = match kind {
        DeviceKind::Server => KIND_SERVER,
        DeviceKind::Network => KIND_NETWORK,
        DeviceKind::Hypervisor => KIND_HYPERVISOR,
        DeviceKind::VirtualMachine => KIND_VIRTUAL_MACHINE,
    };
    text.get(lang)
}

pub fn power(state: PowerState, lang: Lang) -> &'static str {
    let text = match state {
        PowerState::PoweredOn => POWERED_ON,
        PowerState::PoweredOff => POWERED_OFF,
        PowerState::Suspended => SUSPENDED,
        PowerState::Unknown => crate::web::pages::text::UNKNOWN,
    };
    text.get(lang)
}

pub fn class(class: EntityClass, lang: Lang) -> &'static str {
    let text = match class {
        EntityClass::Other => CLASS_OTHER,
        EntityClass::Unknown => CLASS_UNKNOWN,
        EntityClass::Chassis => CLASS_CHASSIS,
        EntityClass::Backplane => CLASS_BACKPLANE,
        EntityClass::Container => CLASS_CONTAINER,
        EntityClass::PowerSupply => CLASS_POWER_SUPPLY,
        EntityClass::Fan => CLASS_FAN,
        EntityClass::Sensor => CLASS_SENSOR,
        EntityClass::Module => CLASS_MODULE,
        EntityClass::Port => CLASS_PORT,
        EntityClass::Stack => CLASS_STACK,
        EntityClass::Cpu => CLASS_CPU,
        EntityClass::EnergyObject => CLASS_ENERGY_OBJECT,
        EntityClass::Battery => CLASS_BATTERY,
        EntityClass::StorageDrive => CLASS_STORAGE_DRIVE,
    };
    text.get(lang)
}

pub fn yes_no(value: bool, lang: Lang) -> &'static str {
    if value { YES.get(lang) } else { NO.get(lang) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English stays what the API and the model say, so the pages read as before.
    #[test]
    fn english_names_are_the_codes() {
        for k in DeviceKind::ALL {
            assert_eq!(kind(k, Lang::En), k.as_str().replace('_', " "));
        }
        for s in [PowerState::PoweredOn, PowerState::PoweredOff, PowerState::Suspended, PowerState::Unknown] {
            assert_eq!(power(s, Lang::En), s.as_str().replace('_', " "));
        }
        for code in 1..=15 {
            let c = EntityClass::from_code(code).unwrap();
            assert_eq!(class(c, Lang::En), c.as_str().replace('_', " "));
        }
    }
}
