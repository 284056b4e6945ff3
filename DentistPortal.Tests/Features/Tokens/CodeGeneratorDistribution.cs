using DentistPortal.Infrastructure.Security;

namespace DentistPortal.Tests.Features.Tokens;

/// <summary>TR-1: codes are 6 ASCII digits, leading zeros kept, no digit position biased.</summary>
public class CodeGeneratorDistribution
{
    [Fact]
    public void AHundredThousandCodesAreUniformPerDigitPosition()
    {
        const int n = 100_000;
        var generator = new RandomTokenCodeGenerator();
        var counts = new int[6, 10];
        var leadingZero = 0;
        for (var i = 0; i < n; i++)
        {
            var code = generator.Next();
            Assert.Equal(6, code.Length);
            for (var p = 0; p < 6; p++)
            {
                Assert.InRange(code[p], '0', '9');
                counts[p, code[p] - '0']++;
            }
            if (code[0] == '0') leadingZero++;
        }
        Assert.True(leadingZero > 0, "leading zeros must be kept");

        // Chi-square with 9 degrees of freedom per position; 33.7 is p = 0.0001, generous on purpose
        // so the test only fails for a real bias (e.g. modulo bias or a stuck digit).
        const double expected = n / 10.0;
        for (var p = 0; p < 6; p++)
        {
            var chi = 0.0;
            for (var d = 0; d < 10; d++) chi += Math.Pow(counts[p, d] - expected, 2) / expected;
            Assert.True(chi < 33.7, $"position {p}: chi-square {chi:F1}");
        }
    }
}
