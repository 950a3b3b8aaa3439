//! Integration tests: the real app over HTTP (server on port 0, SQLite in a temporary
//! directory), one test binary.

mod access;
mod activities;
mod advocacy;
mod agreements;
mod api;
mod brief;
mod catalogue;
mod events;
mod hardening;
mod imports;
mod indicators;
mod iplm;
mod kpi;
mod monthly;
mod pages;
mod partners;
mod report_imports;
mod training;
mod workplans;
