using System.Security.Cryptography;

namespace DentistPortal.Infrastructure.Security;

/// <summary>
/// Source of validation references (TISS <c>codValidacao</c>, issue 11, TISS export): injected like
/// <see cref="ITokenCodeGenerator"/> so tests get known references while production draws random ones.
/// </summary>
public interface IValidationReferenceGenerator
{
    /// <summary>A new reference of 1–10 characters, independent of the token code (never the code, never derived from it).</summary>
    string Next();
}

/// <summary>
/// 10 characters from the operating system's CSPRNG over an alphabet without look-alikes (no 0/O, 1/I/L, U): about 5.9 × 10^14
/// values, so a clash is practically impossible and the unique index refuses it anyway. Ten characters, never six digits: a
/// reference can never be mistaken for a token code. References given to older rows by the migration are "H" + 9 digits
/// with a leading zero, which this alphabet never produces.
/// </summary>
public sealed class RandomValidationReferenceGenerator : IValidationReferenceGenerator
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

    public string Next() => RandomNumberGenerator.GetString(Alphabet, 10);
}
