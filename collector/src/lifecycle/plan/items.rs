//! What the plan is made of: the assessed devices of a renewal project, as plan items.

use super::{PlanItem, Urgency};
use crate::lifecycle::Assessed;
use crate::lifecycle::model::{Category, Project};
use crate::lifecycle::policy::Policy;
use crate::lifecycle::status::Status;

/// Devices (and stack members) of a renewal project; their parts go with them. Virtual
/// machines are left out: the plan buys hardware, and a VM is upgraded, not bought.
pub fn plan_items(assessed: &[Assessed], policy: &Policy, project: Option<Project>) -> Vec<PlanItem> {
    assessed
        .iter()
        .filter(|a| a.item.category != Category::VirtualMachine)
        .filter(|a| a.item.category.project().is_some() && project.is_none_or(|p| a.item.category.project() == Some(p)))
        .map(|a| {
            let (item, s) = (&a.item, &a.assessment);
            PlanItem {
                id: item.id.clone(),
                label: match &item.model {
                    Some(model) => format!("{} ({model})", item.device_name),
                    None => item.device_name.clone(),
                },
                category: item.category,
                urgency: Urgency::of(s.status),
                due: s.replace_by,
                cost: s.replacement_cost.as_ref().map(|c| c.ore),
                lifetime_years: policy
                    .lifetime(item.category, item.site.as_deref(), item.department.as_deref())
                    .map(|l| l.years),
            }
        })
        .collect()
}

impl Urgency {
    /// How urgent replacing an item of this lifecycle status is.
    pub fn of(status: Status) -> Urgency {
        match status {
            Status::PastEndOfSecurityUpdates => Urgency::PastEndOfSecurityUpdates,
            Status::PastEndOfLife => Urgency::PastEndOfLife,
            Status::Due => Urgency::Due,
            Status::Ok | Status::Unknown => Urgency::Ok,
        }
    }

    /// The lifecycle status this urgency is.
    pub fn status(self) -> Status {
        match self {
            Urgency::PastEndOfSecurityUpdates => Status::PastEndOfSecurityUpdates,
            Urgency::PastEndOfLife => Status::PastEndOfLife,
            Urgency::Due => Status::Due,
            Urgency::Ok => Status::Ok,
        }
    }

    /// The urgency in the words of the lifecycle statuses (`past_end_of_life`…).
    pub fn as_str(self) -> &'static str {
        self.status().as_str()
    }
}
