CREATE TABLE `idempotency_keys` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response_status` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `registration_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`registration_id` text NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`reason` text,
	`detail` text,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `registration_events_registration_idx` ON `registration_events` (`registration_id`,`at`);--> statement-breakpoint
CREATE TABLE `registration_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`registration_id` text NOT NULL,
	`position` integer NOT NULL,
	`full_name` text NOT NULL,
	`nik_hash` text NOT NULL,
	`nik_last4` text NOT NULL,
	`gender` text NOT NULL,
	`birth_date` text NOT NULL,
	`phone` text NOT NULL,
	`role` text NOT NULL,
	`section_name` text,
	`occupation` text NOT NULL,
	`declaration_accepted_at` text NOT NULL,
	`nik_lock` text,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "registration_members_nik_lock_check" CHECK("registration_members"."nik_lock" IS NULL OR "registration_members"."nik_lock" = "registration_members"."nik_hash"),
	CONSTRAINT "registration_members_section_check" CHECK(("registration_members"."role" = 'kepala_seksi') = ("registration_members"."section_name" IS NOT NULL)),
	CONSTRAINT "registration_members_role_check" CHECK("registration_members"."role" IN ('ketua', 'sekretaris', 'bendahara', 'anggota', 'kepala_seksi')),
	CONSTRAINT "registration_members_gender_check" CHECK("registration_members"."gender" IN ('L', 'P'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registration_members_position_idx` ON `registration_members` (`registration_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `registration_members_nik_lock_idx` ON `registration_members` (`nik_lock`);--> statement-breakpoint
CREATE INDEX `registration_members_nik_hash_idx` ON `registration_members` (`nik_hash`);--> statement-breakpoint
CREATE TABLE `registrations` (
	`id` text PRIMARY KEY NOT NULL,
	`village_code` text NOT NULL,
	`kim_name` text NOT NULL,
	`secretariat_address` text NOT NULL,
	`contact_email` text NOT NULL,
	`contact_phone` text NOT NULL,
	`founded_on` text NOT NULL,
	`decree_number` text NOT NULL,
	`decree_date` text NOT NULL,
	`decree_issuer` text NOT NULL,
	`decree_scan_key` text,
	`decree_scan_type` text,
	`decree_scan_size` integer,
	`website` text,
	`socials` text NOT NULL,
	`community_groups` text NOT NULL,
	`status` text NOT NULL,
	`due_at` text,
	`calendar_complete` integer DEFAULT true NOT NULL,
	`registration_number` text,
	`approved_at` text,
	`village_lock` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`village_code`) REFERENCES `areas`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "registrations_status_check" CHECK("registrations"."status" IN ('awaiting_endorsement', 'awaiting_verification', 'needs_revision', 'approved', 'rejected', 'expired', 'withdrawn')),
	CONSTRAINT "registrations_village_lock_check" CHECK("registrations"."village_lock" IS NULL OR ("registrations"."village_lock" = "registrations"."village_code" AND "registrations"."status" IN ('awaiting_endorsement', 'awaiting_verification', 'needs_revision', 'approved'))),
	CONSTRAINT "registrations_number_check" CHECK(("registrations"."registration_number" IS NOT NULL) = ("registrations"."status" = 'approved')),
	CONSTRAINT "registrations_scan_check" CHECK(("registrations"."decree_scan_key" IS NULL) = ("registrations"."decree_scan_type" IS NULL) AND ("registrations"."decree_scan_key" IS NULL) = ("registrations"."decree_scan_size" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_village_lock_idx` ON `registrations` (`village_lock`);--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_number_idx` ON `registrations` (`registration_number`);--> statement-breakpoint
CREATE INDEX `registrations_village_idx` ON `registrations` (`village_code`,`status`);--> statement-breakpoint
CREATE INDEX `registrations_status_due_idx` ON `registrations` (`status`,`due_at`);