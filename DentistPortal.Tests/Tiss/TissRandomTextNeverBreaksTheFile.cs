using CsCheck;
using DentistPortal.Domain.Tiss;
using DentistPortal.Infrastructure.Tiss;
using DentistPortal.Tests.Fuzz;
using static DentistPortal.Tests.Tiss.TissSamples;
using H = DentistPortal.Tests.Fuzz.Hostile;

namespace DentistPortal.Tests.Tiss;

/// <summary>Issue 11 (TISS export: "never break the XML"): whatever Unicode reaches a name, plan or description, the file
/// is a valid TISS 4.01.00 message whose hash matches, or (only when a required text has nothing left in Latin-1) the
/// guide is refused with an <see cref="ArgumentException"/>.</summary>
public class TissRandomTextNeverBreaksTheFile
{
    [Fact]
    public void AnyNamePlanOrDescriptionGivesAValidFileOrAClearRefusal() =>
        Gen.Select(H.Text, H.Text, H.Text).Sample((name, plan, description) =>
        {
            var guide = Guide(dentist: Dentist(name), plan: plan, procedures: [Procedure(description: description)]);
            if (TissText.Clean(plan).Length == 0 || TissText.Clean(description).Length == 0)
            {
                Assert.Throws<ArgumentException>(() => TissBatchWriter.Write(Header(), [guide]));
                return;
            }
            var file = TissBatchWriter.Write(Header(), [guide]);
            TissSchemas.AssertValid(file);
            var doc = TissSchemas.Parse(file);
            Assert.Equal(TissEpilogoHash.FromParsedDocument(doc), TissSchemas.Value(doc.Root!, "hash"));
            Assert.Equal(TissText.Truncate(name, 70), TissSchemas.Value(doc.Root!, "nomeProfExec2") ?? "");
        }, seed: H.Seed, iter: H.Iterations * 4, threads: 1,
            print: t => $"{Show.Text(t.Item1)} / {Show.Text(t.Item2)} / {Show.Text(t.Item3)}");
}
