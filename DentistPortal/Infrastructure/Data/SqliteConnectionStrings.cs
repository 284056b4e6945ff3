using Microsoft.Data.Sqlite;

namespace DentistPortal.Infrastructure.Data;

public static class SqliteConnectionStrings
{
    /// <summary>
    /// Resolves a relative "Data Source" against the content root (so `dotnet run` from any folder
    /// uses DentistPortal/data/) and makes sure the folder exists.
    /// </summary>
    public static string Resolve(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is { Length: > 0 } ds && ds != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            if (!Path.IsPathRooted(ds)) csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, ds));
            // A folder created here is the portal's own: 0700 (health data, issue 10). An existing folder is left as it is
            // (it may be shared, e.g. the system's temp folder); the database files themselves are made 0600 at start.
            var folder = Path.GetDirectoryName(csb.DataSource)!;
            if (!Directory.Exists(folder)) Security.PrivateFiles.EnsureFolder(folder);
        }
        csb.Pooling = true;
        csb.DefaultTimeout = 30;
        return csb.ToString();
    }
}
