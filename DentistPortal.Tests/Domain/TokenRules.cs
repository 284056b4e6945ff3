using System.Security.Cryptography;
using System.Text;
using DentistPortal.Domain.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace DentistPortal.Tests.Domain;

/// <summary>TR-1 … TR-7 on the token itself, with a fake clock.</summary>
public class TokenRules
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static byte[] H(string code) => HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(code));
    private static readonly TokenPolicy Policy = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 13, 0, 0, TimeSpan.Zero));

    private AttendanceToken Issue(string code = "004219", int sequence = 1) =>
        AttendanceToken.Issue(1, sequence, "k1", H(code), "encrypted", "dentist", clock.GetUtcNow(), Policy.Lifetime);

    [Fact]
    public void IsStillValidAt47Hours59Minutes()
    {
        var token = Issue();
        clock.Advance(TimeSpan.FromHours(47) + TimeSpan.FromMinutes(59));
        Assert.Equal(VerifyResult.Validated, token.Verify(H("004219"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Chair));
    }

    [Fact]
    public void IsExpiredAtExactly48Hours()
    {
        var token = Issue();
        clock.Advance(TimeSpan.FromHours(48));
        Assert.Equal(VerifyResult.Expired, token.Verify(H("004219"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Chair));
        Assert.Equal(TokenStatus.Expired, token.Status);
        Assert.Null(token.EncryptedCode);
    }

    [Fact]
    public void IsConsumedByItsFirstValidation()
    {
        var token = Issue();
        Assert.Equal(VerifyResult.Validated, token.Verify(H("004219"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Late));
        Assert.Equal(ValidationChannel.Late, token.ValidatedVia);
        Assert.Equal(VerifyResult.NotActive, token.Verify(H("004219"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Chair));
    }

    [Fact]
    public void LocksOnTheFifthWrongCode()
    {
        var token = Issue();
        for (var i = 0; i < 4; i++)
            Assert.Equal(VerifyResult.WrongCode, token.Verify(H("111111"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Chair));
        Assert.Equal(1, token.AttemptsLeft(Policy));
        Assert.Equal(VerifyResult.WrongCodeLocked, token.Verify(H("111111"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Chair));
        Assert.Equal(TokenStatus.Locked, token.Status);
    }

    [Fact]
    public void RefusesTheSixthGuessEvenIfRight()
    {
        var token = Issue();
        for (var i = 0; i < 5; i++) token.Verify(H("111111"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Chair);
        Assert.Equal(VerifyResult.NotActive, token.Verify(H("004219"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Chair));
    }

    [Fact]
    public void ASupersededTokenIsNoLongerAccepted()
    {
        var first = Issue("123456", 1);
        first.Supersede(clock.GetUtcNow());
        Assert.Equal(TokenStatus.Superseded, first.Status);
        Assert.Null(first.EncryptedCode);
        Assert.Equal(VerifyResult.NotActive, first.Verify(H("123456"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Chair));
    }

    [Fact]
    public void ARevokedTokenLosesItsReadableCopy()
    {
        var token = Issue();
        Assert.True(token.Revoke(clock.GetUtcNow()));
        Assert.Equal(TokenStatus.Revoked, token.Status);
        Assert.Null(token.EncryptedCode);
        Assert.False(token.Revoke(clock.GetUtcNow()));
    }

    [Fact]
    public void EveryChangeMovesTheConcurrencyVersion()
    {
        var token = Issue();
        var v = token.Version;
        token.Verify(H("999999"), clock.GetUtcNow(), Policy, "u", ValidationChannel.Chair);
        Assert.True(token.Version > v);
    }

    [Fact]
    public void LifetimeComesFromConfiguration()
    {
        Assert.Equal(TimeSpan.FromHours(48), new TokenPolicy().Lifetime);
        Assert.Equal(TimeSpan.FromMinutes(3), new TokenPolicy { LifetimeMinutes = 3 }.Lifetime);
    }
}

public class TokenCodeInput
{
    [Theory]
    [InlineData("123456", "123456")]
    [InlineData("004219", "004219")]
    [InlineData(" 123456 ", "123456")]
    [InlineData("123 456", "123456")]
    [InlineData("123-456", "123456")]
    public void AcceptsSixAsciiDigitsWithOneOptionalSeparator(string input, string expected) => Assert.Equal(expected, TokenCode.Normalize(input));

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("١٢٣٤٥٦")]      // Arabic-Indic digits
    [InlineData("１２３４５６")]  // full-width digits
    [InlineData("12 34 56")]    // two separators
    [InlineData("123--456")]
    [InlineData("-123456")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void RefusesAnythingElse(string? input) => Assert.Null(TokenCode.Normalize(input));

    [Fact]
    public void RefusesVeryLongInput() => Assert.Null(TokenCode.Normalize(new string('1', 10_000)));
}
