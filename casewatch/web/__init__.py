"""The web app and REST API: create_app(store) in casewatch.web.app, `casewatch serve` in casewatch.web.commands."""
