using System.Globalization;
using System.Text;
using CsCheck;

namespace DentistPortal.Tests.Fuzz;

/// <summary>
/// Generators of hostile input for the fuzz suite (issue 10, "No server error on any input"): huge strings, control
/// characters, NUL, lone surrogates, RTL and combining marks, SQL/HTML/CSV-formula payloads, overflowing numbers,
/// unknown enum values and dates out of range, mixed with plausible values so that inputs also get past the first check.
/// </summary>
public static class Hostile
{
    /// <summary>Inputs per property: 50 by default; <c>FUZZ_ITERATIONS=5000</c> for a long run.</summary>
    public static long Iterations { get; } =
        long.TryParse(Environment.GetEnvironmentVariable("FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 50;

    /// <summary>A fixed seed to replay a failure (CsCheck prints it); unset for a fresh random run.</summary>
    public static string? Seed { get; } = Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } s ? s : null;

    public static readonly string[] Payloads =
    [
        "", " ", "   ", "\t", "\r\n", "\u00a0", "\u200b", "\ufeff",
        "\0", "a\0b", "\u0001\u0002\u0003\u001b[31m", "\u007f", "\u0085", "\u2028\u2029",
        "\ud800", "\udfff", "a\udc00b", "\ud83d", "😀", "👨‍👩‍👧‍👦",
        "\u202e", "\u202egnp.exe", "\u200fשלום\u200f", "مرحبا بالعالم", "e\u0301\u0301\u0301\u0301\u0301", "Z̷̡̛̤̖͎a̵̢̛l̶g̸o̵",
        "' OR '1'='1", "'; DROP TABLE Treatments; --", "1; DELETE FROM AuditEntries", "\" OR \"\"=\"", "%", "_", "\\", "%' --",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${7*7}", "@(1+1)",
        "=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1", "=1;=2", "\"=1\"",
        "../../etc/passwd", "..\\..\\windows\\win.ini", "%2e%2e%2f", "/", "//", "?", "#", "&", "+", "%00", "%ff",
        "-1", "0", "-0", "2147483648", "-2147483649", "99999999999999999999999", "1e309", "NaN", "Infinity", "0x7fffffff", "１２３",
        "0001-01-01", "9999-12-31", "2026-02-30", "-0001-01-01", "31/12/9999", "00/00/0000", "2026-13-01",
        "null", "undefined", "true", "[]", "{}",
        // Plausible values, so inputs also reach the deeper checks.
        "52998224725", "529.982.247-25", "9876540000010014", "9876 5400 0001 0014", "81000030", "85400157", "11222333000181",
        "dentista@demo.local", "x@y.z", "Maria", "SP", "XX", "123456", "000000", "1234", "Dentist", "ClinicStaff", "Admin",
    ];

    private static readonly Gen<string> Fragment = Gen.OneOf(
        Gen.OneOf(Payloads),
        Gen.String,
        Gen.Char['\0', '\u001f'].Array[1, 8].Select(cs => new string(cs)),
        Gen.Char['\ud800', '\udfff'].Array[1, 4].Select(cs => new string(cs)),
        Gen.Char['\u0590', '\u06ff'].Array[1, 12].Select(cs => new string(cs)),
        Gen.Char['\u0300', '\u036f'].Array[1, 20].Select(cs => "a" + new string(cs)));

    /// <summary>Any hostile text: a payload, random text, a mix of them, or one of them repeated to 100k characters.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Fragment),
        (3, Fragment.Array[2, 4].Select(parts => string.Concat(parts))),
        (1, Fragment.Select(f => Huge(f))));

    /// <summary><see cref="Text"/> or null.</summary>
    public static readonly Gen<string?> NullableText = Gen.Frequency((1, Gen.Const<string?>(default(string))), (6, Text.Select(s => (string?)s)));

    /// <summary>Text from <paramref name="known"/> (real values of the fixture) half of the time, otherwise hostile.</summary>
    public static Gen<string?> TextOr(params string[] known) =>
        Gen.Frequency((1, Gen.OneOf(known).Select(s => (string?)s)), (1, NullableText));

    public static string Huge(string seed) => seed.Length == 0 ? new string('a', 100_000) : new StringBuilder(100_000 + seed.Length).Insert(0, seed, 100_000 / seed.Length + 1).ToString(0, 100_000);

    public static readonly int[] EdgeInts = [int.MinValue, int.MinValue + 1, -1_000_000, -2, -1, 0, 1, 2, 7, 99, 1_000_000, int.MaxValue - 1, int.MaxValue];

    /// <summary>Edge numbers, small numbers and any int.</summary>
    public static readonly Gen<int> Int = Gen.Frequency((3, Gen.OneOf(EdgeInts)), (2, Gen.Int[-5, 50]), (1, Gen.Int));

    /// <summary><see cref="Int"/> or a real id of the fixture.</summary>
    public static Gen<int> IntOr(params int[] known) => Gen.Frequency((1, Gen.OneOf(known)), (1, Int));

    public static Gen<int?> NullableIntOr(params int[] known) => Gen.Frequency((1, Gen.Const<int?>(default(int?))), (4, IntOr(known).Select(i => (int?)i)));

    public static readonly Gen<DateOnly> Date = Gen.Frequency(
        (3, Gen.OneOf(DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(1, 1, 2), new DateOnly(9999, 12, 30), new DateOnly(1900, 1, 1),
            new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 1), new DateOnly(2026, 2, 28), new DateOnly(2100, 1, 1))),
        (1, Gen.DateOnly));

    public static readonly Gen<DateOnly?> NullableDate = Gen.Frequency((1, Gen.Const<DateOnly?>(default(DateOnly?))), (4, Date.Select(d => (DateOnly?)d)));

    /// <summary>A declared value of <typeparamref name="T"/> or an undeclared one (cast int).</summary>
    public static Gen<T> Enum<T>() where T : struct, System.Enum => Gen.Frequency(
        (3, Gen.OneOf(System.Enum.GetValues<T>())),
        (1, Gen.OneOf(-1, 99, int.MinValue, int.MaxValue).Select(i => (T)(object)i)));

    public static readonly Gen<Guid?> Key = Gen.OneOf(Gen.Const<Guid?>(default(Guid?)), Gen.Const<Guid?>(Guid.Empty), Gen.Guid.Select(g => (Guid?)g));

    /// <summary>File content: empty, random bytes, a header of a known format followed by garbage, a real PDF.</summary>
    public static Gen<byte[]> Bytes(byte[] realFile) => Gen.Frequency(
        (1, Gen.Const<byte[]>(Array.Empty<byte>())),
        (2, Gen.Byte.Array[1, 2000]),
        (2, Gen.OneOf("%PDF-1.4\n"u8.ToArray(), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], [0xFF, 0xD8, 0xFF, 0xE0], "GIF89a"u8.ToArray())
            .SelectMany(h => Gen.Byte.Array[0, 500].Select(tail => (byte[])[.. h, .. tail]))),
        (1, Gen.Const(realFile)),
        (1, Gen.Int[0, realFile.Length - 1].Select(cut => realFile[..cut])));
}
