using Npgsql;

namespace DentistPortal.Infrastructure.Data;

public static class PostgresConnectionStrings
{
    /// <summary>
    /// Normalises a PostgreSQL connection string: pooling on, an application name that names this process in
    /// <c>pg_stat_activity</c>, and the command timeout the SQLite side uses (30 s). Settings already given win.
    /// </summary>
    public static string Resolve(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = "DentistPortal";
        if (!connectionString.Contains("Command Timeout", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("CommandTimeout", StringComparison.OrdinalIgnoreCase))
            csb.CommandTimeout = 30;
        return csb.ToString();
    }
}
