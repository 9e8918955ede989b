"""Developer rankings: a Textual UI over a crash-safe SQLite store, agreement statistics, export, auto annotator.

Modules: `store` (the database), `prepare` (import or sample candidates, run them in the sandbox), `app` (the
UI, built from `widgets` and `screens`), `agreement` (Kendall tau-b, Krippendorff's alpha), `stats`, `export`,
`auto` (the scripted annotator).
"""
