//! `arsring-agent vsphere poll`: hosts and VMs of a vCenter, printed or sent.

use std::path::PathBuf;

use arsring_agent::config::Config;
use arsring_agent::daemon::{Agent, device_report};
use arsring_agent::vsphere::{self, Error, Target, VsphereConfig};
use arsring_cli::exit;
use arsring_protocol::Device;

#[derive(clap::Subcommand)]
pub enum VsphereCommand {
    /// Poll a vCenter (--url) or every [[vsphere]] target of agent.toml: every ESXi host and
    /// VM becomes a report, sent to the collector, or printed as JSON lines with --print.
    /// The password comes from ARSRING_VSPHERE_PASSWORD or --password-file, never the
    /// command line.
    Poll {
        /// The vCenter's SDK URL, e.g. https://vcenter.kommun.example/sdk.
        #[arg(long, requires = "user")]
        url: Option<String>,
        /// A read-only vCenter account.
        #[arg(long)]
        user: Option<String>,
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// The CA of vCenter's certificate (its VMCA root). With --print, `--ca` names it too
        /// (no collector is involved then); when sending, `--ca` is the collector's CA.
        #[arg(long, value_name = "FILE")]
        vcenter_ca: Option<PathBuf>,
        /// Do not verify vCenter's certificate. Anyone on the path could read the password.
        #[arg(long)]
        insecure: bool,
        /// Objects per page of a property retrieval.
        #[arg(long, default_value_t = 250)]
        page_size: u32,
        /// Do not read vSphere tags from vCenter's REST service.
        #[arg(long)]
        no_tags: bool,
        /// Print the reports as JSON lines instead of sending them.
        #[arg(long)]
        print: bool,
    },
}

pub fn run(config: Config, cli_ca: Option<PathBuf>, cmd: VsphereCommand) -> u8 {
    let VsphereCommand::Poll { url, user, password_file, vcenter_ca, insecure, page_size, no_tags, print } = cmd;
    let ca = vcenter_ca.or(if print { cli_ca } else { None });
    let targets: anyhow::Result<Vec<Target>> = match (url, user) {
        (Some(url), Some(user)) => VsphereConfig {
            url,
            user,
            password: None,
            password_file,
            ca,
            insecure,
            name: None,
            timeout_secs: 60,
            page_size,
            tags: !no_tags,
        }
        .target()
        .map(|t| vec![t]),
        _ => config.vsphere.iter().map(VsphereConfig::target).collect(),
    };
    let targets = match targets {
        Ok(t) if t.is_empty() => {
            eprintln!("arsring-agent: no vCenter: give --url and --user, or [[vsphere]] targets in agent.toml");
            return exit::USAGE;
        }
        Ok(t) => t,
        Err(err) => {
            eprintln!("arsring-agent: {err:#}");
            return exit::USAGE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("arsring-agent: cannot start the runtime: {err}");
            return exit::FAILED;
        }
    };
    runtime.block_on(async {
        let mut worst = exit::OK;
        for target in &targets {
            if target.insecure {
                eprintln!("arsring-agent: WARNING: not verifying the certificate of {}", target.url);
            }
            let code = if print { print_poll(target).await } else { send_poll(&config, target).await };
            worst = worst.max(code);
        }
        worst
    })
}

fn code_of(err: &Error) -> u8 {
    match err {
        Error::Login(_) => exit::DENIED,
        Error::Unreachable(_) => exit::UNREACHABLE,
        Error::Setup(_) => exit::USAGE,
        Error::NotAuthenticated | Error::Fault { .. } | Error::Malformed(_) => exit::FAILED,
    }
}

async fn print_poll(target: &Target) -> u8 {
    match vsphere::poll(target).await {
        Ok(poll) => {
            let host = arsring_agent::collect::identity::hostname(&arsring_agent::collect::host::Host::default());
            let devices = poll
                .hosts
                .iter()
                .map(|h| Device::Hypervisor(Box::new(h.clone())))
                .chain(poll.vms.iter().map(|v| Device::VirtualMachine(Box::new(v.clone()))));
            for device in devices {
                match serde_json::to_string(&device_report(&host, device)) {
                    Ok(json) => println!("{json}"),
                    Err(err) => eprintln!("arsring-agent: {err}"),
                }
            }
            summary(target, &poll);
            exit::OK
        }
        Err(err) => {
            eprintln!("arsring-agent: {}: {err}", target.name);
            code_of(&err)
        }
    }
}

async fn send_poll(config: &Config, target: &Target) -> u8 {
    let agent = match Agent::new(config.clone(), arsring_agent::collect::host::Host::default()) {
        Ok(agent) => agent,
        Err(err) => {
            eprintln!("arsring-agent: {err:#}");
            return exit::USAGE;
        }
    };
    match agent.poll_vsphere(target).await {
        Ok(poll) => {
            summary(target, &poll);
            match agent.flush_spool().await {
                Ok(()) => exit::OK,
                Err(reason) => {
                    eprintln!("arsring-agent: collector unavailable ({reason}); reports spooled");
                    exit::SPOOLED
                }
            }
        }
        Err(err) => {
            eprintln!("arsring-agent: {}: {err:#}", target.name);
            err.downcast_ref::<Error>().map_or(exit::FAILED, code_of)
        }
    }
}

fn summary(target: &Target, poll: &vsphere::Poll) {
    eprintln!(
        "{}: {} hosts, {} VMs in {} ms, {} requests ({})",
        target.name,
        poll.hosts.len(),
        poll.vms.len(),
        poll.elapsed_ms,
        poll.requests,
        poll.vcenter_version
    );
    for warning in &poll.warnings {
        eprintln!("{}: warning: {warning}", target.name);
    }
}
