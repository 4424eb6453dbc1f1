//! Stand-ins for the API description (OpenAPI), where a field's Rust type says less than
//! its JSON: chrono's instants inside a generic (`Sourced<DateTime<Utc>>`) have no schema
//! of their own in utoipa, so they are described as this.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};

/// An instant as RFC 3339 text (`2026-03-01T12:00:00Z`).
pub struct Timestamp;

impl utoipa::PartialSchema for Timestamp {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .into()
    }
}

impl utoipa::ToSchema for Timestamp {}

/// A string schema with a description and, for bodies that are not JSON, a media type.
pub fn text(description: &str, media: Option<&str>) -> RefOr<Schema> {
    let mut schema = ObjectBuilder::new().schema_type(Type::String).description(Some(description));
    if let Some(media) = media {
        schema = schema.content_media_type(media);
    }
    schema.into()
}

/// Describes a type that serialises as text (its `Display`, a label), not as its fields.
#[macro_export]
macro_rules! text_schema {
    ($ty:ty, $description:expr) => {
        $crate::text_schema!($ty, $description, None);
    };
    ($ty:ty, $description:expr, $media:expr) => {
        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $crate::schema::text($description, $media)
            }
        }

        impl utoipa::ToSchema for $ty {}
    };
}
