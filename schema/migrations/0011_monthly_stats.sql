CREATE TABLE `stats_snapshots` (
	`month` text NOT NULL,
	`version` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`requested_by` text NOT NULL,
	`started_at` text NOT NULL,
	`frozen_at` text,
	PRIMARY KEY(`month`, `version`),
	CONSTRAINT "stats_snapshots_version_check" CHECK("stats_snapshots"."version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `stats_snapshots_frozen_idx` ON `stats_snapshots` (`status`,`month`,`version`);--> statement-breakpoint
CREATE TABLE `stats_values` (
	`month` text NOT NULL,
	`version` integer NOT NULL,
	`scope` text NOT NULL,
	`scope_id` text NOT NULL,
	`scope_name` text NOT NULL,
	`metric` text NOT NULL,
	`value` real,
	PRIMARY KEY(`month`, `version`, `scope`, `scope_id`, `metric`)
);
--> statement-breakpoint
CREATE INDEX `aspiration_events_at_idx` ON `aspiration_events` (`at`);--> statement-breakpoint
CREATE INDEX `registration_events_at_idx` ON `registration_events` (`at`);--> statement-breakpoint
CREATE INDEX `registration_members_registration_idx` ON `registration_members` (`registration_id`);