"""Full-text search storage on each database.

PostgreSQL: `notices_notice.search_vector` (a tsvector) is kept up to date by a trigger and
indexed with GIN; title weighs A, decision maker B, summary C.

SQLite: an FTS5 table over the same three columns (external content: it stores only the
index), kept up to date by triggers. Django's SQLite schema editor rebuilds a table to alter
it, which drops its triggers, so `ensure()` runs after every migrate and puts back whatever
is missing, rebuilding the index if the triggers had gone.
"""

from joinedup.fulltext import Index

FTS_TABLE = "notices_notice_fts"

SQLITE_TABLE = """
CREATE VIRTUAL TABLE IF NOT EXISTS notices_notice_fts USING fts5(
    title, summary, decision_maker,
    content='notices_notice', content_rowid='id', tokenize='porter unicode61'
)"""
SQLITE_TRIGGERS = {
    "notices_notice_fts_insert": """
CREATE TRIGGER IF NOT EXISTS notices_notice_fts_insert AFTER INSERT ON notices_notice BEGIN
    INSERT INTO notices_notice_fts(rowid, title, summary, decision_maker)
    VALUES (new.id, new.title, new.summary, new.decision_maker);
END""",
    "notices_notice_fts_delete": """
CREATE TRIGGER IF NOT EXISTS notices_notice_fts_delete AFTER DELETE ON notices_notice BEGIN
    INSERT INTO notices_notice_fts(notices_notice_fts, rowid, title, summary, decision_maker)
    VALUES ('delete', old.id, old.title, old.summary, old.decision_maker);
END""",
    "notices_notice_fts_update": """
CREATE TRIGGER IF NOT EXISTS notices_notice_fts_update
AFTER UPDATE OF title, summary, decision_maker ON notices_notice BEGIN
    INSERT INTO notices_notice_fts(notices_notice_fts, rowid, title, summary, decision_maker)
    VALUES ('delete', old.id, old.title, old.summary, old.decision_maker);
    INSERT INTO notices_notice_fts(rowid, title, summary, decision_maker)
    VALUES (new.id, new.title, new.summary, new.decision_maker);
END""",
}

POSTGRES = [
    """
CREATE OR REPLACE FUNCTION notices_notice_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.decision_maker, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS notices_notice_search_vector ON notices_notice",
    """
CREATE TRIGGER notices_notice_search_vector BEFORE INSERT OR UPDATE ON notices_notice
FOR EACH ROW EXECUTE FUNCTION notices_notice_search_vector_update()""",
    "UPDATE notices_notice SET title = title",
    """CREATE INDEX IF NOT EXISTS notices_notice_search_gin ON notices_notice
USING gin (search_vector)""",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS notices_notice_search_gin",
    "DROP TRIGGER IF EXISTS notices_notice_search_vector ON notices_notice",
    "DROP FUNCTION IF EXISTS notices_notice_search_vector_update()",
]


INDEX = Index(
    fts_table=FTS_TABLE,
    sqlite_table=SQLITE_TABLE,
    sqlite_triggers=SQLITE_TRIGGERS,
    sqlite_rebuild=("INSERT INTO notices_notice_fts(notices_notice_fts) VALUES ('rebuild')",),
    postgres=tuple(POSTGRES),
    postgres_triggers=("notices_notice_search_vector",),
    postgres_reverse=tuple(POSTGRES_REVERSE),
)
ensure, drop = INDEX.ensure, INDEX.drop
