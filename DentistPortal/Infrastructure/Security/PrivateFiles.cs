namespace DentistPortal.Infrastructure.Security;

/// <summary>
/// Secret files (Data Protection keys, their certificate, token HMAC keys) are readable by the portal's user only
/// (issue 10, Keys and secrets): folders 0700, files 0600. On Windows the modes do not apply (ACLs do).
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderUnixMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileUnixMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and missing parents) with mode 0700, and tightens it to 0700 if it already exists.</summary>
    public static DirectoryInfo EnsureFolder(string path)
    {
        if (OperatingSystem.IsWindows()) return Directory.CreateDirectory(path);
        var folder = Directory.CreateDirectory(path, FolderUnixMode);
        File.SetUnixFileMode(folder.FullName, FolderUnixMode);
        return folder;
    }

    /// <summary>Writes a new file created with mode 0600 (never briefly wider), through a temporary name so readers never see half a file.</summary>
    public static void WriteNew(string path, Action<Stream> write)
    {
        if (!TryWriteNew(path, write)) throw new IOException($"The file \"{path}\" already exists.");
    }

    /// <summary>
    /// As <see cref="WriteNew"/>, but false (nothing written) when the file exists already or another process created it
    /// meanwhile: two processes sharing a folder (e.g. two development instances and their dev-secrets, issue 12) both
    /// try, exactly one writes and the other reads the winner's file. The check and the write happen under an exclusive
    /// lock on <c>path.lock</c> (a moved-in file alone is not enough: on Linux .NET's "move unless the target exists" checks
    /// and then renames, so two instances starting together each wrote their own HMAC key and kept hashing with it).
    /// </summary>
    /// <exception cref="IOException">The lock stayed held for <paramref name="wait"/> (30 s when not given).</exception>
    public static bool TryWriteNew(string path, Action<Stream> write, TimeSpan? wait = null)
    {
        using var exclusive = Lock(path + ".lock", wait ?? TimeSpan.FromSeconds(30));
        if (File.Exists(path)) return false;
        var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileUnixMode;
        try
        {
            using (var stream = new FileStream(tmp, options)) write(stream);
            File.Move(tmp, path, overwrite: false);
            return true;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// An exclusive hold on a lock file, for work one process at a time must do (the OS locks it for this open file only:
    /// FileShare.None is flock on Unix), taken again every few milliseconds until <paramref name="wait"/> has passed. The
    /// file is removed when the hold ends, so whoever takes a removed file's lock meanwhile must check again, under it,
    /// whether the work is still to do.
    /// </summary>
    /// <exception cref="IOException">Another process held the lock for all of <paramref name="wait"/>.</exception>
    public static IDisposable Lock(string path, TimeSpan wait)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileUnixMode;
        var deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        while (true)
        {
            try
            {
                return new LockFile(path, new FileStream(path, options));
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                Thread.Sleep(5); // another process holds it: a few milliseconds for a secret file, seconds for a first start
            }
        }
    }

    private sealed class LockFile(string path, FileStream stream) : IDisposable
    {
        public void Dispose()
        {
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            stream.Dispose();
        }
    }
}
