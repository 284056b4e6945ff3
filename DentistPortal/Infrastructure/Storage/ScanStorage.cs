using System.Security.Cryptography;

namespace DentistPortal.Infrastructure.Storage;

/// <summary>
/// Where signed-guide scans live: a folder outside wwwroot, never served as static files (issue 9 §1). An upload is
/// streamed into the folder's own <c>.incoming</c> subfolder first (same file system, so putting it in place is an
/// atomic rename), with the size limit counted while reading: nothing is ever buffered whole in memory (issue 10,
/// "Transport and headers": uploads stream to a temporary file with the size limit enforced before buffering).
/// </summary>
public interface IScanStorage
{
    /// <summary>
    /// Copies <paramref name="source"/> into a new temporary file, reading at most <paramref name="maxBytes"/> + 1 bytes:
    /// a longer stream is abandoned there (<see cref="StagedScan.TooLarge"/>, the file already deleted). Cancelling
    /// deletes the partial file. Dispose the result: whatever was not put in place is deleted.
    /// </summary>
    Task<StagedScan> StageAsync(Stream source, long maxBytes, CancellationToken ct);

    /// <summary>Writes a whole scan at once (demo data); atomic like an upload.</summary>
    Task SaveAsync(string storedFileName, ReadOnlyMemory<byte> content, CancellationToken ct);

    Stream OpenRead(string storedFileName);
    void Delete(string storedFileName);
}

/// <summary>
/// A scan streamed to a temporary file of the storage's <c>.incoming</c> folder. Life cycle, each step a rename in the
/// same folder (atomic): <c>{guid}.part</c> while it arrives → <see cref="Reserve"/> renames it to the stored name the
/// database row will carry → <see cref="PutInPlace"/> after the row is committed. If the process dies in between,
/// <see cref="ScanStorageRecovery"/> finishes the move when the row exists and deletes the file when it does not.
/// </summary>
public sealed class StagedScan : IAsyncDisposable
{
    private readonly FileScanStorage storage;
    private bool placed;

    internal StagedScan(FileScanStorage storage, string path, long length, bool tooLarge, string sha256)
    {
        this.storage = storage;
        TempPath = path;
        Length = length;
        TooLarge = tooLarge;
        Sha256 = sha256;
    }

    /// <summary>The temporary file (absent when <see cref="TooLarge"/>).</summary>
    public string TempPath { get; private set; }

    /// <summary>Bytes stored (at most the limit).</summary>
    public long Length { get; }

    /// <summary>The stream had more than the limit: reading stopped at limit + 1 bytes and nothing was kept.</summary>
    public bool TooLarge { get; }

    /// <summary>Upper-case hex SHA-256 of the content (the same scan sent twice is stored once).</summary>
    public string Sha256 { get; }

    /// <summary>Reads the staged content (for the inspection).</summary>
    public Stream OpenRead() => new FileStream(TempPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);

    /// <summary>Gives the temporary file the name the database row will carry, still inside <c>.incoming</c>.</summary>
    public void Reserve(string storedFileName)
    {
        var reserved = storage.IncomingPathFor(storedFileName);
        File.Move(TempPath, reserved, overwrite: false);
        TempPath = reserved;
    }

    /// <summary>
    /// Moves the reserved file into the scans folder (call only once its row is committed). From here on the file is never
    /// deleted: if the move fails (I/O trouble) it stays reserved and <see cref="ScanStorageRecovery"/> moves it later.
    /// </summary>
    public bool PutInPlace(string storedFileName)
    {
        placed = true;
        try
        {
            File.Move(TempPath, storage.PathFor(storedFileName), overwrite: false);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!placed) FileScanStorage.DeleteQuietly(TempPath);
        return ValueTask.CompletedTask;
    }
}

public sealed class FileScanStorage : IScanStorage
{
    /// <summary>The subfolder uploads arrive in; never holds a scan for long.</summary>
    public const string IncomingFolderName = ".incoming";
    public const string PartSuffix = ".part";

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string root;

    public FileScanStorage(IConfiguration configuration, IHostEnvironment? environment)
    {
        var contentRoot = environment?.ContentRootPath ?? AppContext.BaseDirectory;
        root = Path.GetFullPath(Path.Combine(contentRoot, configuration["Storage:SignedGuidesFolder"] ?? "data/signed-guides"));
        IncomingFolder = Path.Combine(root, IncomingFolderName);
        CreatePrivateFolder(root);
        CreatePrivateFolder(IncomingFolder);
    }

    /// <summary>The scans folder (a scan per file, named as its database row says).</summary>
    public string Root => root;

    /// <summary>Where uploads are streamed before they are put in place.</summary>
    public string IncomingFolder { get; }

    public async Task<StagedScan> StageAsync(Stream source, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var path = Path.Combine(IncomingFolder, $"{Guid.NewGuid():N}{PartSuffix}");
        long total = 0;
        var tooLarge = false;
        string sha;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var target = CreatePrivateFile(path))
            {
                var buffer = new byte[81920];
                while (true)
                {
                    // Never ask for more than one byte past the limit: an endless stream is read exactly limit + 1 bytes.
                    var want = (int)Math.Min(buffer.Length, maxBytes + 1 - total);
                    var read = await source.ReadAsync(buffer.AsMemory(0, want), ct);
                    if (read == 0) break;
                    total += read;
                    if (total > maxBytes)
                    {
                        tooLarge = true;
                        break;
                    }
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                if (!tooLarge) await target.FlushAsync(ct);
            }
            sha = Convert.ToHexString(hash.GetHashAndReset());
        }
        catch
        {
            DeleteQuietly(path); // cancelled mid-upload, disconnected, disk full: nothing stays behind
            throw;
        }

        if (tooLarge)
        {
            DeleteQuietly(path);
            return new StagedScan(this, path, maxBytes, tooLarge: true, "");
        }
        return new StagedScan(this, path, total, tooLarge: false, sha);
    }

    public async Task SaveAsync(string storedFileName, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        using var source = new MemoryStream(content.ToArray(), writable: false);
        await using var staged = await StageAsync(source, long.MaxValue - 1, ct);
        staged.Reserve(storedFileName);
        staged.PutInPlace(storedFileName);
    }

    public Stream OpenRead(string storedFileName) => File.OpenRead(PathFor(storedFileName));

    public void Delete(string storedFileName) => File.Delete(PathFor(storedFileName));

    /// <summary>How many scans are stored (tests check that refusals store nothing).</summary>
    public int Count => Directory.GetFiles(root).Length;

    internal string PathFor(string storedFileName) => Path.Combine(root, CheckedName(storedFileName));

    internal string IncomingPathFor(string storedFileName) => Path.Combine(IncomingFolder, CheckedName(storedFileName));

    private static string CheckedName(string storedFileName)
    {
        // Stored names are generated (guid + extension); refuse anything that could leave the folder.
        if (string.IsNullOrEmpty(storedFileName) || storedFileName.Contains('/') || storedFileName.Contains('\\')
            || storedFileName.Contains("..") || storedFileName.StartsWith('.') || storedFileName.EndsWith(PartSuffix, StringComparison.Ordinal))
            throw new ArgumentException("Invalid stored file name.", nameof(storedFileName));
        return storedFileName;
    }

    private static void CreatePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(path, FolderMode); // an older folder created with the umask's mode
    }

    private static FileStream CreatePrivateFile(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode0600;
        return new FileStream(path, options);
    }

    internal static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left for ScanStorageRecovery.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
