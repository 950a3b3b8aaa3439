-- Substring search without scanning the rows: each row's folded text (`search_title`,
-- `search_name` of activities, libraries and people) also sits in an FTS5 table with the trigram tokenizer, written by the store
-- in the same transaction as the row (no trigger). Queries of three characters or more read
-- the index; shorter ones scan the column as before.
CREATE VIRTUAL TABLE activities_fts USING fts5(text, tokenize = 'trigram');
INSERT INTO activities_fts (rowid, text) SELECT id, search_title FROM activities;
CREATE VIRTUAL TABLE libraries_fts USING fts5(text, tokenize = 'trigram');
INSERT INTO libraries_fts (rowid, text) SELECT id, search_name FROM libraries;
CREATE VIRTUAL TABLE people_fts USING fts5(text, tokenize = 'trigram');
INSERT INTO people_fts (rowid, text) SELECT id, search_name FROM people;
