namespace DentistPortal.Infrastructure.Storage;

/// <summary>Where signed-guide scans live: a folder outside wwwroot, never served as static files.</summary>
public interface IScanStorage
{
    Task SaveAsync(string storedFileName, ReadOnlyMemory<byte> content, CancellationToken ct);
    Stream OpenRead(string storedFileName);
    void Delete(string storedFileName);
}

public sealed class FileScanStorage : IScanStorage
{
    private readonly string root;

    public FileScanStorage(IConfiguration configuration, IHostEnvironment? environment)
    {
        var contentRoot = environment?.ContentRootPath ?? AppContext.BaseDirectory;
        root = Path.GetFullPath(Path.Combine(contentRoot, configuration["Storage:SignedGuidesFolder"] ?? "data/signed-guides"));
        Directory.CreateDirectory(root);
    }

    public async Task SaveAsync(string storedFileName, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var path = PathFor(storedFileName);
        var tmp = path + ".tmp";
        await File.WriteAllBytesAsync(tmp, content.ToArray(), ct);
        File.Move(tmp, path, overwrite: false);
    }

    public Stream OpenRead(string storedFileName) => File.OpenRead(PathFor(storedFileName));

    public void Delete(string storedFileName) => File.Delete(PathFor(storedFileName));

    /// <summary>How many scans are stored (tests check that refusals store nothing).</summary>
    public int Count => Directory.GetFiles(root).Length;

    private string PathFor(string storedFileName)
    {
        // Stored names are generated (guid + extension); refuse anything that could leave the folder.
        if (storedFileName.Contains('/') || storedFileName.Contains('\\') || storedFileName.Contains(".."))
            throw new ArgumentException("Invalid stored file name.", nameof(storedFileName));
        return Path.Combine(root, storedFileName);
    }
}
