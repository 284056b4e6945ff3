using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DentistPortal.Infrastructure.Security;

/// <summary>
/// The token HMAC keys by key id (issue 10, Keys and secrets). New hashes use <see cref="CurrentKeyId"/>; a stored hash
/// is checked with the key its token names, so tokens made before a rotation keep verifying until they end. Sources,
/// merged: <c>Tokens:HmacKeys:&lt;id&gt;</c> (base64, ≥ 32 bytes; configuration or environment variables
/// <c>Tokens__HmacKeys__&lt;id&gt;</c>), <c>Tokens:HmacKeyFile</c> (a secret file, one <c>id=base64</c> per line) and the
/// single <c>Tokens:HmacKey</c> of earlier versions (id <c>legacy</c>); <c>Tokens:CurrentHmacKeyId</c> picks the current
/// one (optional when there is a single key). With no key at all, Development generates one under the dev-secrets
/// folder; any other environment refuses to start. A configured file that cannot be read is never replaced.
/// </summary>
public sealed partial class TokenHmacKeyRing
{
    public const string KeysSection = "Tokens:HmacKeys";
    public const string KeyFileSetting = "Tokens:HmacKeyFile";
    public const string CurrentKeySetting = "Tokens:CurrentHmacKeyId";
    public const string LegacyKeySetting = "Tokens:HmacKey";
    public const string LegacyKeyId = Domain.Tokens.AttendanceToken.LegacyHmacKeyId;
    public const string DevKeyFileName = "token-hmac-keys";
    private const int MinimumKeyBytes = 32;

    private readonly Dictionary<string, byte[]> keys;

    public TokenHmacKeyRing(IReadOnlyDictionary<string, byte[]> keys, string currentKeyId)
    {
        this.keys = new Dictionary<string, byte[]>(keys, StringComparer.Ordinal);
        if (!this.keys.ContainsKey(currentKeyId))
            throw new InvalidOperationException($"{CurrentKeySetting} is \"{currentKeyId}\", but no key with that id is configured ({string.Join(", ", this.keys.Keys)}).");
        CurrentKeyId = currentKeyId;
    }

    /// <summary>The key id new hashes are made with.</summary>
    public string CurrentKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => keys.Keys;

    public bool Contains(string keyId) => keys.ContainsKey(keyId);

    /// <summary>HMAC-SHA256 of <paramref name="code"/> under the key <paramref name="keyId"/>, or null when the ring has no such key.</summary>
    public byte[]? Hash(string keyId, string code) =>
        keys.TryGetValue(keyId, out var key) ? HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(code)) : null;

    /// <summary>Reads the ring from configuration (see the type's remarks). Throws, naming the setting, when it cannot.</summary>
    public static TokenHmacKeyRing Load(IConfiguration configuration, IHostEnvironment? environment, ILogger? logger = null)
    {
        var root = environment?.ContentRootPath ?? AppContext.BaseDirectory;
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection(KeysSection).GetChildren().Where(e => !string.IsNullOrEmpty(e.Value)))
            Add(found, entry.Key, entry.Value, $"{KeysSection}:{entry.Key}");
        if (configuration[LegacyKeySetting] is { Length: > 0 } legacy)
            Add(found, LegacyKeyId, legacy, LegacyKeySetting);
        if (configuration[KeyFileSetting] is { Length: > 0 } file)
            ReadFile(found, Path.Combine(root, file), KeyFileSetting);

        var current = configuration[CurrentKeySetting];
        if (found.Count == 0)
        {
            if (environment?.IsDevelopment() != true)
                throw new InvalidOperationException(
                    $"No token HMAC key is configured. Set {KeysSection}:<id> (base64, at least {MinimumKeyBytes} bytes; environment variable Tokens__HmacKeys__<id>) " +
                    $"and {CurrentKeySetting}, or {KeyFileSetting} (a file with one id=base64 line per key). See docs/operations.md.");
            current = DevelopmentKey(found, DevSecrets.Folder(configuration, environment), logger);
        }
        if (string.IsNullOrWhiteSpace(current))
        {
            if (found.Count > 1)
                throw new InvalidOperationException($"{CurrentKeySetting} must name the key new tokens are hashed with (configured: {string.Join(", ", found.Keys)}).");
            current = found.Keys.Single();
        }
        return new TokenHmacKeyRing(found, current);
    }

    /// <summary>
    /// Development only: the key kept in the dev-secrets folder, created on first start under a fresh random id, so a
    /// lost file can never make old tokens read "wrong" (their id is simply gone: they answer "re-issue").
    /// </summary>
    private static string DevelopmentKey(Dictionary<string, byte[]> found, string folder, ILogger? logger)
    {
        var path = Path.Combine(folder, DevKeyFileName);
        if (File.Exists(path))
        {
            var ids = ReadFile(found, path, $"the development key file {path}");
            return ids.Last(); // the newest line is current
        }
        PrivateFiles.EnsureFolder(folder);
        var id = "dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var key = RandomNumberGenerator.GetBytes(MinimumKeyBytes);
        // Two development instances sharing the dev-secrets folder (issue 12) may start together: the first file wins and
        // both hash with its key, so a token made on one validates on the other.
        if (!PrivateFiles.TryWriteNew(path, s => s.Write(Encoding.ASCII.GetBytes($"# Development token HMAC keys (never used outside Development)\n{id}={Convert.ToBase64String(key)}\n"))))
            return ReadFile(found, path, $"the development key file {path}").Last();
        found[id] = key;
        logger?.LogWarning("Development: created token HMAC key {KeyId} in {Path}.", id, path);
        return id;
    }

    private static List<string> ReadFile(Dictionary<string, byte[]> found, string path, string setting)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{setting}: the token HMAC key file \"{path}\" cannot be read ({ex.GetType().Name}). The portal never creates a new key in its place " +
                "(codes already sent would stop verifying): restore the file or fix its permissions.", ex);
        }
        var ids = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) throw new InvalidOperationException($"{setting}: each line must read id=base64key.");
            var id = line[..eq].Trim();
            Add(found, id, line[(eq + 1)..].Trim(), $"{setting} (id {id})");
            ids.Add(id);
        }
        if (ids.Count == 0) throw new InvalidOperationException($"{setting}: the file \"{path}\" holds no key.");
        return ids;
    }

    private static void Add(Dictionary<string, byte[]> found, string id, string? base64, string setting)
    {
        if (!KeyId().IsMatch(id)) throw new InvalidOperationException($"{setting}: a key id is 1–64 letters, digits, '.', '_' or '-'.");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64 ?? "");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not valid base64.");
        }
        if (key.Length < MinimumKeyBytes) throw new InvalidOperationException($"{setting} must be at least {MinimumKeyBytes} bytes (base64).");
        if (found.TryGetValue(id, out var existing) && !CryptographicOperations.FixedTimeEquals(existing, key))
            throw new InvalidOperationException($"{setting}: key id \"{id}\" is configured twice with different keys.");
        found[id] = key;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyId();
}

/// <summary>
/// Development's own secrets (a generated token HMAC key and Data Protection certificate): <c>DevSecrets:Folder</c>,
/// by default <c>dev-secrets/</c> in the project folder, outside <c>data/</c> so a copy of the database folder never
/// carries them. Never read outside Development.
/// </summary>
public static class DevSecrets
{
    public static string Folder(IConfiguration configuration, IHostEnvironment? environment) =>
        Path.Combine(environment?.ContentRootPath ?? AppContext.BaseDirectory, configuration["DevSecrets:Folder"] ?? "dev-secrets");
}
