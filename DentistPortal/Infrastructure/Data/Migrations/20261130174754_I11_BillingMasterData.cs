using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class I11_BillingMasterData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "Price",
                table: "PlanCoverages",
                type: "TEXT",
                precision: 10,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Cbos",
                table: "Dentists",
                type: "TEXT",
                maxLength: 6,
                nullable: false,
                defaultValue: "223208");

            migrationBuilder.AddColumn<string>(
                name: "CodeAtOperator",
                table: "Clinics",
                type: "TEXT",
                maxLength: 14,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Price",
                table: "PlanCoverages");

            migrationBuilder.DropColumn(
                name: "Cbos",
                table: "Dentists");

            migrationBuilder.DropColumn(
                name: "CodeAtOperator",
                table: "Clinics");
        }
    }
}
