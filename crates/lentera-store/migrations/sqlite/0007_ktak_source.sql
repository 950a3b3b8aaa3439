-- Whether a library-year's KTAK figures were computed from approved monthly reports (1) or
-- entered by hand (0): when every approved month of the year is reopened, computed figures
-- are withdrawn, hand-entered ones stay.
ALTER TABLE library_ktak ADD COLUMN from_monthly INTEGER NOT NULL DEFAULT 0;
