//! A small fixed pool of SQLite connections. SQLite in WAL mode serves many readers and one
//! writer; writers wait on `busy_timeout`, so a handful of connections is all we need.

use std::sync::{Condvar, Mutex};

use rusqlite::Connection;

pub struct Pool {
    idle: Mutex<Vec<Connection>>,
    available: Condvar,
}

pub struct PooledConn<'a> {
    pool: &'a Pool,
    conn: Option<Connection>,
}

impl Pool {
    pub fn new(conns: Vec<Connection>) -> Self {
        Pool { idle: Mutex::new(conns), available: Condvar::new() }
    }

    pub fn get(&self) -> PooledConn<'_> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(conn) = idle.pop() {
                return PooledConn { pool: self, conn: Some(conn) };
            }
            idle = self.available.wait(idle).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl std::ops::Deref for PooledConn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("connection present until drop")
    }
}

impl std::ops::DerefMut for PooledConn<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().expect("connection present until drop")
    }
}

impl Drop for PooledConn<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.idle.lock().unwrap_or_else(|e| e.into_inner()).push(conn);
            self.pool.available.notify_one();
        }
    }
}
