using DentistPortal.Infrastructure.Data;
using DentistPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DentistPortal.Tests.Security;

/// <summary>
/// Issue 10 attack: the SQLite database (health data, code hashes) and its WAL/shared-memory files were created 0644,
/// readable by every local user, while keys and scans were already private. After the start they are 0600, and a
/// database folder the portal creates is 0700.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are POSIX
[Trait("Provider", "Sqlite")] // about the SQLite file itself (issue 12)
public class DatabaseFilesArePrivate(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task TheDatabaseAndItsCompanionFilesAreReadableByThePortalOnly()
    {
        // Touch the database so the WAL and shared-memory files exist, then start again as a restart would.
        await using (var db = await database.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
            Assert.True(db.Clinics.Any());
        await database.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();

        foreach (var file in new[] { database.FilePath, database.FilePath + "-wal", database.FilePath + "-shm" }.Where(File.Exists))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.True(File.Exists(database.FilePath));
    }

    [Fact]
    public void ADatabaseFolderThePortalCreatesIsPrivateAndAnExistingOneIsLeftAlone()
    {
        var root = Path.Combine(Path.GetTempPath(), "dentistportal-tests", "folder-" + Guid.NewGuid().ToString("N"));
        SqliteConnectionStrings.Resolve($"Data Source={Path.Combine(root, "novo", "portal.db")}", root);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(root, "novo")));

        var before = File.GetUnixFileMode(Path.GetTempPath());
        SqliteConnectionStrings.Resolve($"Data Source={Path.Combine(Path.GetTempPath(), "solto.db")}", root);
        Assert.Equal(before, File.GetUnixFileMode(Path.GetTempPath()));
    }
}
