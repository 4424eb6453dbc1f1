//! The audit log page's texts.

arsring_dashboard::texts! {
    TITLE = "Audit log", "Granskningslogg";
    DEVICE_ID = "Device id", "Enhets-id";
    CREDENTIAL_FILTER = "Credential (cred_…, tok_…)", "Autentiseringsuppgift (cred_…, tok_…)";
    ACTOR_FILTER = "Actor (part of the name)", "Utförare (del av namnet)";
    ACTION_FILTER = "Action (or its start: import)", "Åtgärd (eller dess början, t.ex. import)";
    CANNOT_SHOW = "The audit log cannot be shown", "Granskningsloggen kan inte visas";
    CHECK = "Check `{field}`", "Kontrollera `{field}`";
    BAD_DEVICE_ID = "device_id must be a device's id, a UUID such as 5d1f2c3b-8e7a-5b6c-9d0e-1f2a3b4c5d6e", "device_id ska vara id:t för en enhet, ett UUID som 5d1f2c3b-8e7a-5b6c-9d0e-1f2a3b4c5d6e";
    MORE_THAN_SHOWN = "More than {shown} events match; the {shown} newest are shown. Narrow the filter, or download the CSV.", "Fler än {shown} händelser matchar; de {shown} senaste visas. Begränsa filtret eller ladda ner CSV-filen.";
    MATCHING = "{count} events match, newest first. Times are UTC.", "Matchande händelser: {count}, de senaste först. Tiderna är i UTC.";
    CSV = "CSV", "CSV-fil";
    ALL_EVENTS = "All events", "Alla händelser";
    TIME = "Time", "Tid";
    ACTOR = "Actor", "Utförare";
    ACTION = "Action", "Åtgärd";
    DEVICE = "Device", "Enhet";
    CREDENTIAL = "Credential", "Autentiseringsuppgift";
    DETAIL = "Detail", "Detalj";
    NO_MATCH = "No event matches.", "Ingen händelse matchar.";
}
