//! The registers page's texts: the uploads of the model catalogue and the asset register.

arsring_dashboard::texts! {
    TITLE = "Registers", "Register";
    IMPORT = "Import", "Importera";
    CATALOGUE_ENTRIES = "Catalogue entries", "Poster i modellkatalogen";
    ASSET_ROWS = "Asset register rows", "Rader i inventarieregistret";
    EOL_PRODUCTS = "endoflife.date products", "Produkter från endoflife.date";
    COST_MODEL_VERSIONS = "Cost model versions", "Versioner av kostnadsmodellen";
    AUDIT_LINK = "Audit log: who changed what, and when", "Granskningslogg: vem som ändrade vad, och när";
    CATALOGUE = "Model catalogue", "Modellkatalog";
    CATALOGUE_NOTE = "CSV with the columns vendor, model_pattern, end_of_sale, end_of_security_updates, end_of_support, replacement_cost_sek, replacement_model. A file with one bad line is refused whole and the stored catalogue stays as it was.", "CSV med kolumnerna vendor, model_pattern, end_of_sale, end_of_security_updates, end_of_support, replacement_cost_sek, replacement_model. En fil med en enda felaktig rad avvisas i sin helhet, och den sparade katalogen förblir som den var.";
    CATALOGUE_FILE = "Catalogue file", "Katalogfil";
    STORED_CATALOGUE = "Stored catalogue (CSV)", "Sparad katalog (CSV)";
    ASSETS = "Asset register", "Inventarieregister";
    ASSETS_NOTE = "CSV from procurement: serial or hostname, purchase_date, purchase_cost_sek, warranty_end, department, site, category (other columns are kept). Rows are merged by serial or host name; nothing is deleted.", "CSV från inköp: serial eller hostname, purchase_date, purchase_cost_sek, warranty_end, department, site, category (övriga kolumner sparas). Raderna slås ihop efter serienummer eller värdnamn; ingenting tas bort.";
    ASSETS_FILE = "Asset register file", "Fil med inventarieregister";
    STORED_ASSETS = "Stored asset register (CSV)", "Sparat inventarieregister (CSV)";
    COMMAND_LINE_NOTE = "Cost models and endoflife.date data are imported with the command line: arsring-collector costs import, arsring-collector eol sync.", "Kostnadsmodeller och data från endoflife.date importeras från kommandoraden: arsring-collector costs import, arsring-collector eol sync.";
    STALE_FORM = "the form is stale; reload the page and try again", "formuläret är för gammalt; ladda om sidan och försök igen";
    CHOOSE_FILE = "choose a file to import", "välj en fil att importera";
    NOTHING_CHANGED = "Nothing was changed.", "Ingenting ändrades.";
    REFUSED = "Import refused ({field})", "Importen avvisades ({field})";
    CATALOGUE_UNCHANGED = "The catalogue is unchanged ({entries} entries).", "Katalogen är oförändrad ({entries} poster).";
    CATALOGUE_STORED = "Catalogue stored: {entries} entries.", "Katalogen är sparad: {entries} poster.";
    READ_AS = "Read as {encoding}.", "Läst som {encoding}.";
    ASSETS_STORED = "Asset register: {rows} rows, {added} added, {changed} changed, {unchanged} unchanged; {matched} matched a device.", "Inventarieregister: {rows} rader, {added} nya, {changed} ändrade, {unchanged} oförändrade; {matched} matchade en enhet.";
}
