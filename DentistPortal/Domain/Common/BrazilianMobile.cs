using PhoneNumbers;

namespace DentistPortal.Domain.Common;

/// <summary>Brazilian mobile numbers, checked with Google's libphonenumber metadata and stored as E.164.</summary>
public static class BrazilianMobile
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>E.164 (+5511987654321) for a valid Brazilian mobile; null otherwise (landlines included).</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 30) return null;
        if (input.Any(c => char.IsDigit(c) && !Digits.IsAsciiDigit(c))) return null;
        try
        {
            var number = Util.Parse(input, "BR");
            if (number.CountryCode != 55 || !Util.IsValidNumberForRegion(number, "BR")) return null;
            return Util.GetNumberType(number) == PhoneNumberType.MOBILE
                ? Util.Format(number, PhoneNumberFormat.E164)
                : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    public static bool IsValid(string? input) => Normalize(input) is not null;

    /// <summary>+5511987654321 → +55 11 98765-4321.</summary>
    public static string Format(string e164)
    {
        var (ddd, local) = Split(e164);
        return $"+55 {ddd} {local[..^4]}-{local[^4..]}";
    }

    /// <summary>+5511987654321 → (11) *****-4321: enough for the patient to recognise, useless to anyone else.</summary>
    public static string Mask(string e164)
    {
        var (ddd, local) = Split(e164);
        return $"({ddd}) {new string('*', local.Length - 4)}-{local[^4..]}";
    }

    private static (string Ddd, string Local) Split(string e164)
    {
        var digits = e164.StartsWith("+55", StringComparison.Ordinal) ? e164[3..] : e164;
        return (digits[..2], digits[2..]);
    }
}
