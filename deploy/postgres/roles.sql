-- Database roles: the registry owns and writes everything; verify may SELECT the public
-- projection and nothing else (Boulder's split: the public side gets a read-only user).
--
-- Run as a superuser, connected to the application database, before and again after
-- `flask --app registry init-db` (it is idempotent):
--   sudo -u postgres psql -v ON_ERROR_STOP=1 -d title_registry -f deploy/postgres/roles.sql
-- Before init-db it creates the roles and hands the database to title_registry; after it,
-- it grants verify its two tables. No passwords here: use peer authentication over the Unix
-- socket, or set them with `\password title_registry` / `\password title_verify`.
--
-- A new public table that verify must read is NOT granted by default: add it to the GRANT
-- below and run this file again after the migration that creates it.

\set ON_ERROR_STOP on

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'title_registry') THEN
        CREATE ROLE title_registry LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'title_verify') THEN
        CREATE ROLE title_verify LOGIN;
    END IF;
END
$$;

ALTER ROLE title_registry LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE title_verify LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
    NOINHERIT;
-- Even a mistaken write from verify fails, and a runaway query stops.
ALTER ROLE title_verify SET default_transaction_read_only = on;
ALTER ROLE title_verify SET statement_timeout = '5s';

-- The registry owns the database, so it can create and alter tables (migrations); in
-- PostgreSQL 15+ the public schema belongs to the database owner.
ALTER DATABASE :"DBNAME" OWNER TO title_registry;
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO title_verify;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO title_verify;

-- Tables made by someone else (init-db run as postgres): the registry takes them over.
-- Sequences owned by a column follow their table.
DO $$
DECLARE
    relation record;
BEGIN
    FOR relation IN
        SELECT c.oid::regclass AS name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND pg_get_userbyid(c.relowner) <> 'title_registry'
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO title_registry', relation.name);
    END LOOP;
END
$$;

-- verify: nothing on any table or sequence, then SELECT on the public projection only.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM title_verify;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM title_verify;
DO $$
BEGIN
    IF to_regclass('public.public_certificates') IS NULL
       OR to_regclass('public.public_keys') IS NULL
       OR to_regclass('public.public_notices') IS NULL
       OR to_regclass('public.public_notice_entries') IS NULL THEN
        RAISE NOTICE 'public tables not there yet: run init-db, then this file again';
    ELSE
        GRANT SELECT ON public.public_certificates, public.public_keys,
            public.public_notices, public.public_notice_entries TO title_verify;
        IF to_regclass('public.public_status_lists') IS NOT NULL THEN
            GRANT SELECT ON public.public_status_lists TO title_verify;
        END IF;
    END IF;
END
$$;

-- The equivalence list's public projection (migration 0006).
DO $$
BEGIN
    IF to_regclass('public.public_equivalence_versions') IS NOT NULL
       AND to_regclass('public.public_equivalence_entries') IS NOT NULL THEN
        GRANT SELECT ON public.public_equivalence_versions, public.public_equivalence_entries
            TO title_verify;
    END IF;
END
$$;

-- The public record of committees and the specialty catalogue (migration 0004).
DO $$
BEGIN
    IF to_regclass('public.public_committees') IS NULL THEN
        RAISE NOTICE 'public catalogue tables not there yet: run init-db, then this file again';
    ELSE
        GRANT SELECT ON public.public_committees, public.public_committee_status,
            public.public_specialties, public.public_specialty_names TO title_verify;
    END IF;
    IF to_regclass('public.public_pdf_certificates') IS NOT NULL THEN
        GRANT SELECT ON public.public_pdf_certificates TO title_verify;
    END IF;
END
$$;

-- Orders to rectify, public part (migration 0014).
DO $$
BEGIN
    IF to_regclass('public.public_committee_rectification_orders') IS NOT NULL THEN
        GRANT SELECT ON public.public_committee_rectification_orders TO title_verify;
    END IF;
END
$$;

-- The working-day calendar's years, whose end verify's health answer warns of (migration 0015).
DO $$
BEGIN
    IF to_regclass('public.public_calendar_years') IS NULL THEN
        RAISE NOTICE 'public_calendar_years not there yet: run init-db, then this file again';
    ELSE
        GRANT SELECT ON public.public_calendar_years TO title_verify;
    END IF;
END
$$;

-- Tables the registry creates later give verify nothing unless granted above (undoing any
-- default grant, global or per schema, that someone may have added).
ALTER DEFAULT PRIVILEGES FOR ROLE title_registry REVOKE ALL ON TABLES FROM title_verify;
ALTER DEFAULT PRIVILEGES FOR ROLE title_registry REVOKE ALL ON SEQUENCES FROM title_verify;
ALTER DEFAULT PRIVILEGES FOR ROLE title_registry IN SCHEMA public
    REVOKE ALL ON TABLES FROM title_verify;
ALTER DEFAULT PRIVILEGES FOR ROLE title_registry IN SCHEMA public
    REVOKE ALL ON SEQUENCES FROM title_verify;
ALTER DEFAULT PRIVILEGES FOR ROLE title_registry
    REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
