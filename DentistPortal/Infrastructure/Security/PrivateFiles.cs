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
    /// As <see cref="WriteNew"/>, but false (nothing written) when the file appeared meanwhile: two processes sharing a
    /// folder (e.g. two development instances and their dev-secrets, issue 12) both create it, the first one wins and
    /// the other reads the winner's file.
    /// </summary>
    public static bool TryWriteNew(string path, Action<Stream> write)
    {
        var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileUnixMode;
        try
        {
            using (var stream = new FileStream(tmp, options)) write(stream);
            File.Move(tmp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
