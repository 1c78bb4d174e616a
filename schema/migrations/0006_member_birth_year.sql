-- A member's whole birth date, beside the gender, the NIK's last four digits and the KIM's
-- kecamatan, gives the whole NIK back (digits 7-12 are DDMMYY, women +40 on the day). Keep only
-- the birth year (age groups) and whether the person was 18 or older on the WITA day their data
-- was submitted (`declaration_accepted_at`), computed like `ageOn` in domain/registration/eligibility.ts.
-- Plain ALTERs, no table rebuild: every other column and the indexes stay as they are.
ALTER TABLE `registration_members` ADD `birth_year` integer;--> statement-breakpoint
-- SQLite adds a NOT NULL column only with a default; the UPDATE below sets every row and the code always writes it.
ALTER TABLE `registration_members` ADD `adult_at_submission` integer NOT NULL DEFAULT 0;--> statement-breakpoint
-- Rows anonymised by the retention job hold a placeholder instead of a date: their year stays NULL
-- and they are not known to be adult.
UPDATE `registration_members` SET
  `birth_year` = CASE WHEN `birth_date` GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
    THEN CAST(substr(`birth_date`, 1, 4) AS integer) END,
  `adult_at_submission` = CASE WHEN `birth_date` GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
    THEN (CAST(substr(date(`declaration_accepted_at`, '+8 hours'), 1, 4) AS integer)
          - CAST(substr(`birth_date`, 1, 4) AS integer)
          - (substr(date(`declaration_accepted_at`, '+8 hours'), 6) < substr(`birth_date`, 6))) >= 18
    ELSE 0 END;--> statement-breakpoint
ALTER TABLE `registration_members` DROP COLUMN `birth_date`;
