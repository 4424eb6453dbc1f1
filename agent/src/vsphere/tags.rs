//! vSphere tags, which live in vCenter's REST (vAPI) service, not in the SOAP API: log in,
//! read categories and tags by id, and ask which tags each VM carries. Tags are a bonus:
//! when the service cannot be read the VMs are reported with `tags: null` and a warning.

use std::collections::HashMap;

use reqwest::header::{COOKIE, SET_COOKIE};
use serde::Deserialize;
use serde_json::json;

/// VMs asked about in one request.
const BATCH: usize = 500;

#[derive(Deserialize)]
struct Value<T> {
    value: T,
}

#[derive(Deserialize)]
struct Named {
    name: String,
    #[serde(default)]
    category_id: Option<String>,
}

#[derive(Deserialize)]
struct Attached {
    object_id: ObjectId,
    tag_ids: Vec<String>,
}

#[derive(Deserialize)]
struct ObjectId {
    id: String,
}

/// `Category/Tag` names by VM moref.
pub async fn vm_tags(
    http: &reqwest::Client,
    sdk: &reqwest::Url,
    user: &str,
    password: &str,
    vms: &[String],
) -> Result<HashMap<String, Vec<String>>, String> {
    let base = sdk.join("/rest/com/vmware/cis/").map_err(|e| e.to_string())?;
    let url = |path: &str| base.join(path).map_err(|e| e.to_string());
    let login = http.post(url("session")?).basic_auth(user, Some(password)).send().await.map_err(err)?;
    if !login.status().is_success() {
        return Err(format!("the tagging service refused the log-in ({})", login.status()));
    }
    let cookie = login
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("vmware-api-session-id="))
        .and_then(|v| v.split(';').next())
        .map(str::to_string)
        .ok_or("the tagging service set no session cookie")?;
    let get = |path: String| {
        let cookie = cookie.clone();
        async move {
            let response = http.get(url(&path)?).header(COOKIE, cookie).send().await.map_err(err)?;
            if !response.status().is_success() {
                return Err(format!("{path}: {}", response.status()));
            }
            response.bytes().await.map_err(err)
        }
    };
    let parse = |bytes: &[u8], what: &str| -> Result<serde_json::Value, String> {
        serde_json::from_slice(bytes).map_err(|e| format!("{what}: {e}"))
    };
    let ids = |v: serde_json::Value| -> Vec<String> {
        serde_json::from_value::<Value<Vec<String>>>(v).map(|v| v.value).unwrap_or_default()
    };
    let mut categories = HashMap::new();
    for id in ids(parse(&get("tagging/category".into()).await?, "categories")?) {
        let bytes = get(format!("tagging/category/id:{id}")).await?;
        let named: Value<Named> = serde_json::from_slice(&bytes).map_err(|e| format!("category {id}: {e}"))?;
        categories.insert(id, named.value.name);
    }
    let mut tags = HashMap::new();
    for id in ids(parse(&get("tagging/tag".into()).await?, "tags")?) {
        let bytes = get(format!("tagging/tag/id:{id}")).await?;
        let named: Value<Named> = serde_json::from_slice(&bytes).map_err(|e| format!("tag {id}: {e}"))?;
        let category = named.value.category_id.and_then(|c| categories.get(&c).cloned()).unwrap_or_default();
        tags.insert(id, format!("{category}/{}", named.value.name));
    }
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for batch in vms.chunks(BATCH) {
        let objects: Vec<serde_json::Value> =
            batch.iter().map(|id| json!({"type": "VirtualMachine", "id": id})).collect();
        let response = http
            .post(url("tagging/tag-association?~action=list-attached-tags-on-objects")?)
            .header(COOKIE, cookie.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(json!({"object_ids": objects}).to_string())
            .send()
            .await
            .map_err(err)?;
        if !response.status().is_success() {
            return Err(format!("listing attached tags: {}", response.status()));
        }
        let attached: Value<Vec<Attached>> =
            serde_json::from_slice(&response.bytes().await.map_err(err)?).map_err(|e| format!("attached tags: {e}"))?;
        for a in attached.value {
            let mut names: Vec<String> = a.tag_ids.iter().filter_map(|t| tags.get(t).cloned()).collect();
            names.sort();
            out.insert(a.object_id.id, names);
        }
    }
    let _ = http.delete(url("session")?).header(COOKIE, cookie).send().await;
    Ok(out)
}

fn err(e: reqwest::Error) -> String {
    arsring_cli::error_chain(&e)
}
