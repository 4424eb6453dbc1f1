//! The web dashboard: server-rendered pages the collector serves under `/`. Empty until the pages land (issue 6).
