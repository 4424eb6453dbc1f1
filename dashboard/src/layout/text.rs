//! The frame's and the widgets' texts.

crate::texts! {
    OVERVIEW = "Overview", "Översikt";
    HEAT_MAP = "Heat map", "Värmekarta";
    NETWORK = "Network devices", "Nätverksenheter";
    SERVERS = "Servers", "Servrar";
    PLAN = "Renewal plan", "Förnyelseplan";
    COSTS = "Costs", "Kostnader";
    REGISTERS = "Registers", "Register";
    LOG_OUT = "Log out", "Logga ut";
    LANGUAGE = "Language", "Språk";
    FILTER = "Filter…", "Filtrera…";
    FILTER_TABLE = "Filter the table", "Filtrera tabellen";
    ROWS = "rows", "rader";
    HEATMAP = "End-of-life heat map", "Värmekarta över livslängd";
    NO_DATE = "no date", "inget datum";
    LEGEND = "Legend", "Teckenförklaring";
    LOG_IN = "Log in", "Logga in";
    DIRECTORY_INTRO = "Log in with your directory account.", "Logga in med ditt katalogkonto.";
    USER_NAME = "User name", "Användarnamn";
    PASSWORD = "Password", "Lösenord";
    TOKEN_TOO = "Or, for scripts and when the directory is down, a viewer or admin token:", "Eller, för skript och när katalogen inte svarar, en läs- eller administratörstoken:";
    TOKEN_INTRO = "Log in with a viewer or admin token", "Logga in med en läs- eller administratörstoken";
    TOKEN = "Token", "Token";
    WITH_TOKEN = "Log in with the token", "Logga in med token";
}
