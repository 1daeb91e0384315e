using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace DeviceTrust.Infrastructure.Persistence;

/// <summary>
/// SQLite lets one writer in at a time. When a second connection of this process begins a write while another holds
/// the lock, Microsoft.Data.Sqlite retries after a 150 ms thread sleep, so under load every collision costs a request
/// 150 ms and a blocked pool thread. Instead the writers of this process queue here, asynchronously, one per database
/// file, and never collide; readers are not involved (WAL). A writer in another process (a second instance, the
/// sqlite3 shell) is waited for by SQLite itself (<see cref="BusyTimeoutInterceptor"/>).
/// </summary>
internal static class SqliteWriters
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate of the database file a connection string names (in-memory databases each have their own name).</summary>
    public static SemaphoreSlim GateFor(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var key = dataSource is "" or ":memory:" ? connectionString ?? "" : Path.GetFullPath(dataSource);
        return Gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>
    /// Set while this async flow holds a gate (any file's; no flow here writes two database files). A save started from
    /// inside another (a SaveChanges interceptor running a competing writer, as the concurrency tests do) goes ahead at
    /// once: waiting would wait for itself, and the outer save has not begun its SQLite transaction yet when its
    /// interceptors run.
    /// </summary>
    private static readonly AsyncLocal<bool> Holding = new();

    public static async Task<T> WriteAsync<T>(SemaphoreSlim gate, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        if (Holding.Value) return await write();
        await gate.WaitAsync(cancellationToken);
        Holding.Value = true;
        try
        {
            return await write();
        }
        finally
        {
            Holding.Value = false;
            gate.Release();
        }
    }

    public static T Write<T>(SemaphoreSlim gate, Func<T> write)
    {
        if (Holding.Value) return write();
        gate.Wait();
        Holding.Value = true;
        try
        {
            return write();
        }
        finally
        {
            Holding.Value = false;
            gate.Release();
        }
    }
}

/// <summary>
/// Sets SQLite's own busy timeout on each connection, so a write lock held by another process is waited for inside
/// SQLite (short, growing sleeps) rather than by Microsoft.Data.Sqlite's fixed 150 ms retry. Once per native connection:
/// pooled connections keep the setting across opens.
/// </summary>
internal sealed class BusyTimeoutInterceptor : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsPragma(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsPragma(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool NeedsPragma(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, Pragma);
}

/// <summary>SQLite's per-connection <c>PRAGMA synchronous</c> (https://sqlite.org/pragma.html#pragma_synchronous).</summary>
internal static class SqliteSynchronous
{
    /// <summary>In WAL mode: commits are not flushed; the log is, at checkpoints. Durable across app crashes, not power cuts.</summary>
    public const long Normal = 1;

    /// <summary>Every commit flushes the log: durable across power cuts. SQLite's default.</summary>
    public const long Full = 2;

    public static async Task<long> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task SetAsync(DbConnection connection, long level, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // An integer constant, not a parameter: PRAGMA takes none.
        command.CommandText = $"PRAGMA synchronous = {level.ToString(System.Globalization.CultureInfo.InvariantCulture)};";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
