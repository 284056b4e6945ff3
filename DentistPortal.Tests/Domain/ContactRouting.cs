using DentistPortal.Domain.Beneficiaries;

namespace DentistPortal.Tests.Domain;

public class ContactRouting
{
    private static Beneficiary Holder(string? mobile, string? email) => new()
    {
        Id = 1, CardNumber = "9876540000010014", FullName = "Titular", MobilePhone = mobile, Email = email,
        BirthDate = new DateOnly(1985, 1, 1), EnrolledOn = new DateOnly(2024, 1, 1),
    };

    [Fact]
    public void ADependentWithoutContactsReceivesThroughTheHolder()
    {
        var holder = Holder("+5511987654321", "maria@exemplo.com.br");
        var child = new Beneficiary { Id = 2, CardNumber = "9876540000010030", FullName = "Filho", HolderId = 1, Holder = holder, Relationship = Relationship.Child, BirthDate = new DateOnly(2016, 7, 20) };
        var route = child.ContactRoute();
        Assert.True(route.ThroughHolder);
        Assert.Equal("+5511987654321", route.MobilePhone);
        Assert.Equal("maria@exemplo.com.br", route.Email);
    }

    [Fact]
    public void ADependentWithOwnMobileUsesItsOwn()
    {
        var holder = Holder("+5511987654321", null);
        var spouse = new Beneficiary { Id = 3, CardNumber = "9876540000010022", FullName = "Cônjuge", HolderId = 1, Holder = holder, MobilePhone = "+5511976543210" };
        var route = spouse.ContactRoute();
        Assert.False(route.ThroughHolder);
        Assert.Equal("+5511976543210", route.MobilePhone);
        Assert.Null(route.Email);
    }

    [Fact]
    public void AHolderWithoutContactsHasNoRoute() => Assert.False(Holder(null, null).ContactRoute().HasAny);

    [Fact]
    public void AgeAndMinorityAreComputedOnTheGivenDay()
    {
        var child = new Beneficiary { CardNumber = "x", FullName = "x", BirthDate = new DateOnly(2008, 11, 26) };
        Assert.True(child.IsMinorOn(new DateOnly(2026, 11, 25)));
        Assert.False(child.IsMinorOn(new DateOnly(2026, 11, 26)));
    }
}
