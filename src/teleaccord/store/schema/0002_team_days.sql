-- Schema 2: approvals that check coverage serialise per (team, day): a version per team-day,
-- checked and raised in the same transaction as the bookings; reading entries by date range.
CREATE TABLE team_days (
    tenant TEXT NOT NULL,
    team TEXT NOT NULL,
    day TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (tenant, team, day)
);
CREATE INDEX entries_by_day ON entries (tenant, day);
CREATE INDEX records_by_employee ON records (tenant, kind, employee);
