// name: risk_events_clock
// mode: read
// params: none
// column: now: the database's clock, in whole milliseconds (UTC), as risk events record it
// Where a new reader of the risk event log starts: the clock that wrote `recordedAt`, not the reader's
// own, so that a reader on a host whose clock is off still finds the events recorded after it started.
RETURN datetime.truncate('millisecond', datetime()) AS now
