// arsring-vcsim: VMware's vCenter simulator (govmomi's simulator package, the code behind
// `vcsim`) with a deterministic inventory shaped like a municipal vCenter, for Årsring's
// vSphere interop tests. See tests/peers/README.md ("vSphere simulator").
//
// Built offline against Debian 12's golang-github-vmware-govmomi-dev (govmomi 0.24.2):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o arsring-vcsim tests/peers/vcsim/main.go
//
// Start:  arsring-vcsim -listen 127.0.0.1:0 -user U -password P [-tls -ca-out ca.pem] [-truth-out t.json]
// The first line on stdout is "URL <scheme>://127.0.0.1:<port>/sdk"; by then the inventory,
// the tags, the CA file and the truth file are all in place. Runs until SIGTERM/SIGINT.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io/ioutil"
	"log"
	"math/big"
	mrand "math/rand"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vapi/rest"
	_ "github.com/vmware/govmomi/vapi/simulator" // registers the /rest (vAPI: tagging) endpoint
	"github.com/vmware/govmomi/vapi/tags"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// ---------------------------------------------------------------------------------------
// Catalogues (all values are realistic but invented; serials are generated from the seed)

type biosRel struct{ version, date string }

type hwProfile struct {
	key        string
	vendor     string // summary.hardware.vendor as ESXi reports it
	model      string
	family     string // dell, hpe, hp, lenovo: decides serial format and identifier entries
	biosVendor string
	cpuModel   string
	cpuMhz     int32
	coresPkg   int16
	pkgs       int16
	memGiB     []int64
	bios       []biosRel
	nics, hbas int32
}

var profiles = []hwProfile{
	{key: "r750", vendor: "Dell Inc.", model: "PowerEdge R750", family: "dell", biosVendor: "Dell Inc.",
		cpuModel: "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", cpuMhz: 1995, coresPkg: 32, pkgs: 2, memGiB: []int64{768, 1024},
		bios: []biosRel{{"1.10.2", "2023-04-10"}, {"1.13.2", "2024-03-12"}}, nics: 4, hbas: 3},
	{key: "r740", vendor: "Dell Inc.", model: "PowerEdge R740", family: "dell", biosVendor: "Dell Inc.",
		cpuModel: "Intel(R) Xeon(R) Gold 6230R CPU @ 2.10GHz", cpuMhz: 2095, coresPkg: 26, pkgs: 2, memGiB: []int64{512, 768},
		bios: []biosRel{{"2.12.2", "2021-07-08"}, {"2.19.1", "2023-06-21"}}, nics: 4, hbas: 2},
	{key: "r640", vendor: "Dell Inc.", model: "PowerEdge R640", family: "dell", biosVendor: "Dell Inc.",
		cpuModel: "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz", cpuMhz: 2095, coresPkg: 16, pkgs: 2, memGiB: []int64{384, 512},
		bios: []biosRel{{"2.4.8", "2019-11-19"}, {"2.11.2", "2021-05-19"}}, nics: 4, hbas: 2},
	{key: "dl360g10p", vendor: "HPE", model: "ProLiant DL360 Gen10 Plus", family: "hpe", biosVendor: "HPE",
		cpuModel: "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", cpuMhz: 1995, coresPkg: 32, pkgs: 2, memGiB: []int64{768},
		bios: []biosRel{{"U46", "2023-05-12"}, {"U46", "2024-01-18"}}, nics: 4, hbas: 2},
	{key: "dl380g10", vendor: "HPE", model: "ProLiant DL380 Gen10", family: "hpe", biosVendor: "HPE",
		cpuModel: "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", cpuMhz: 2494, coresPkg: 20, pkgs: 2, memGiB: []int64{512, 768},
		bios: []biosRel{{"U30", "2020-08-11"}, {"U30", "2022-11-05"}}, nics: 6, hbas: 3},
	{key: "dl380g9", vendor: "HP", model: "ProLiant DL380 Gen9", family: "hp", biosVendor: "HP",
		cpuModel: "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", cpuMhz: 2394, coresPkg: 14, pkgs: 2, memGiB: []int64{256, 384},
		bios: []biosRel{{"P89", "2017-10-25"}, {"P89", "2019-04-04"}}, nics: 4, hbas: 2},
	{key: "sr650", vendor: "Lenovo", model: "ThinkSystem SR650 -[7X06CTO1WW]-", family: "lenovo", biosVendor: "Lenovo",
		cpuModel: "Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz", cpuMhz: 2194, coresPkg: 12, pkgs: 2, memGiB: []int64{384, 512},
		bios: []biosRel{{"IVE164M-2.70", "2020-09-03"}, {"IVE178M-3.32", "2022-10-21"}}, nics: 4, hbas: 2},
	{key: "sr630v2", vendor: "Lenovo", model: "ThinkSystem SR630 V2 -[7Z71CTO1WW]-", family: "lenovo", biosVendor: "Lenovo",
		cpuModel: "Intel(R) Xeon(R) Gold 5318Y CPU @ 2.10GHz", cpuMhz: 2095, coresPkg: 24, pkgs: 2, memGiB: []int64{512, 768},
		bios: []biosRel{{"AFE118M-1.40", "2022-03-15"}, {"AFE124F-1.60", "2023-08-29"}}, nics: 4, hbas: 2},
}

type esxiRel struct{ version, build, api, license string }

var esxiReleases = map[string][]esxiRel{
	"6.7": {{"6.7.0", "17700523", "6.7.3", "6.0"}, {"6.7.0", "20497097", "6.7.3", "6.0"}},
	"7.0": {{"7.0.3", "20328353", "7.0.3.0", "7.0"}, {"7.0.3", "21930508", "7.0.3.0", "7.0"}},
	"8.0": {{"8.0.2", "22380479", "8.0.2.0", "8.0"}, {"8.0.2", "23305546", "8.0.2.0", "8.0"}},
}

type osDef struct {
	id        string // config.guestId
	full      string // config.guestFullName (the label vCenter shows for the configured OS)
	toolsID   string // guest.guestId as VMware Tools reports it
	toolsFull string // guest.guestFullName as VMware Tools reports it
	windows   bool
	firmware  string
	hwVersion string
	nic       string
}

var oses = map[string]osDef{
	"ws2012": {"windows8Server64Guest", "Microsoft Windows Server 2012 (64-bit)", "windows8Server64Guest", "Microsoft Windows Server 2012 (64-bit)", true, "bios", "vmx-11", "e1000e"},
	"ws2016": {"windows9Server64Guest", "Microsoft Windows Server 2016 or later (64-bit)", "windows9Server64Guest", "Microsoft Windows Server 2016 (64-bit)", true, "bios", "vmx-13", "vmxnet3"},
	"ws2019": {"windows2019srv_64Guest", "Microsoft Windows Server 2019 (64-bit)", "windows2019srv_64Guest", "Microsoft Windows Server 2019 (64-bit)", true, "efi", "vmx-15", "vmxnet3"},
	"ws2022": {"windows2019srvNext_64Guest", "Microsoft Windows Server 2022 (64-bit)", "windows2019srvNext_64Guest", "Microsoft Windows Server 2022 (64-bit)", true, "efi", "vmx-19", "vmxnet3"},
	"rhel7":  {"rhel7_64Guest", "Red Hat Enterprise Linux 7 (64-bit)", "rhel7_64Guest", "Red Hat Enterprise Linux 7 (64-bit)", false, "bios", "vmx-13", "vmxnet3"},
	"rhel8":  {"rhel8_64Guest", "Red Hat Enterprise Linux 8 (64-bit)", "rhel8_64Guest", "Red Hat Enterprise Linux 8 (64-bit)", false, "efi", "vmx-19", "vmxnet3"},
	"deb11":  {"debian11_64Guest", "Debian GNU/Linux 11 (64-bit)", "debian11_64Guest", "Debian GNU/Linux 11 (64-bit)", false, "efi", "vmx-19", "vmxnet3"},
	"ubuntu": {"ubuntu64Guest", "Ubuntu Linux (64-bit)", "ubuntu64Guest", "Ubuntu Linux (64-bit)", false, "bios", "vmx-15", "vmxnet3"},
	"other":  {"other3xLinux64Guest", "Other 3.x or later Linux (64-bit)", "", "", false, "bios", "vmx-13", "vmxnet3"},
}

type dept struct {
	name    string // folder name and "Verksamhet" custom value
	code    string
	envs    bool // has Prod/Test sub folders
	weight  int
	roles   []string
	osBias  []string
	subnet  int
	costCtr string
}

var depts = []dept{
	{"Socialtjänst", "SOC", true, 18, []string{"APP", "WEB", "DB", "FIL"}, []string{"ws2019", "ws2019", "ws2022", "ws2016", "rhel8"}, 10, "KS-4100"},
	{"Barn och utbildning", "BOU", true, 16, []string{"APP", "WEB", "PRINT", "DB"}, []string{"ws2019", "ws2022", "ws2016", "ubuntu", "deb11"}, 20, "KS-3200"},
	{"Bygg och miljö", "BYGG", false, 8, []string{"GIS", "APP", "WEB"}, []string{"ws2016", "ws2019", "deb11"}, 30, "KS-5300"},
	{"Ekonomi", "EKO", false, 8, []string{"APP", "DB", "RAPP"}, []string{"ws2019", "ws2012", "ws2016", "rhel7"}, 40, "KS-1100"},
	{"Vård och omsorg", "VO", true, 12, []string{"APP", "WEB", "DB"}, []string{"ws2022", "ws2019", "rhel8"}, 50, "KS-4500"},
	{"Kultur och fritid", "KUF", false, 4, []string{"WEB", "APP"}, []string{"ubuntu", "deb11", "ws2019"}, 60, "KS-6100"},
	{"IT-Infrastruktur/Servrar", "INFRA", false, 20, []string{"DC", "FIL", "SQL", "MON", "WSUS", "CA"}, []string{"ws2022", "ws2019", "deb11", "rhel8", "ubuntu"}, 90, "KS-9000"},
}

// Tag categories (vAPI tagging, served by the /rest endpoint).
var tagCats = []struct {
	name, card string
	tags       []string
}{
	{"Backup", "SINGLE", []string{"Guld", "Silver", "Brons", "Ingen backup"}},
	{"Miljö", "SINGLE", []string{"Produktion", "Test"}},
	{"Känslighet", "MULTIPLE", []string{"Personuppgifter", "Sekretess"}},
}

// ---------------------------------------------------------------------------------------
// Truth file

type truthIdent struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type truthHost struct {
	Name             string            `json:"name"`
	Moref            string            `json:"moref"`
	Datacenter       string            `json:"datacenter"`
	Cluster          string            `json:"cluster"` // "" for a standalone host
	ComputeResource  string            `json:"computeResource"`
	Vendor           string            `json:"vendor"`
	Model            string            `json:"model"`
	Serial           string            `json:"serial"`
	SerialSources    []string          `json:"serialSources"` // where the serial appears
	AssetTag         string            `json:"assetTag"`      // "" when the host reports "No Asset Tag"
	Uuid             string            `json:"uuid"`
	OtherIdentifying []truthIdent      `json:"otherIdentifyingInfo"`
	BiosVendor       string            `json:"biosVendor"`
	BiosVersion      string            `json:"biosVersion"`
	BiosReleaseDate  string            `json:"biosReleaseDate"`
	EsxiVersion      string            `json:"esxiVersion"`
	EsxiBuild        string            `json:"esxiBuild"`
	EsxiFullName     string            `json:"esxiFullName"`
	ApiVersion       string            `json:"apiVersion"`
	CpuModel         string            `json:"cpuModel"`
	CpuMhz           int32             `json:"cpuMhz"`
	CpuPackages      int16             `json:"cpuPackages"`
	CpuCores         int16             `json:"cpuCores"`
	CpuThreads       int16             `json:"cpuThreads"`
	MemoryBytes      int64             `json:"memoryBytes"`
	MgmtIp           string            `json:"mgmtIp"`
	Datastores       []string          `json:"datastores"`
	CustomValues     map[string]string `json:"customValues"`
	VmCount          int               `json:"vmCount"`
}

type truthNic struct {
	Label     string   `json:"label"`
	Key       int32    `json:"key"`
	Mac       string   `json:"mac"`
	Network   string   `json:"network"`
	Ips       []string `json:"ips"`
	Connected bool     `json:"connected"`
}

type truthDisk struct {
	Label         string `json:"label"`
	CapacityBytes int64  `json:"capacityBytes"`
	File          string `json:"file"`
}

type truthVM struct {
	Name               string            `json:"name"`
	Moref              string            `json:"moref"`
	Uuid               string            `json:"uuid"`
	InstanceUuid       string            `json:"instanceUuid"`
	GuestId            string            `json:"guestId"`
	GuestFullName      string            `json:"guestFullName"`
	ToolsGuestId       string            `json:"toolsGuestId"`
	ToolsGuestFullName string            `json:"toolsGuestFullName"`
	ToolsStatus        string            `json:"toolsStatus"`
	ToolsRunningStatus string            `json:"toolsRunningStatus"`
	PowerState         string            `json:"powerState"`
	Template           bool              `json:"template"`
	Datacenter         string            `json:"datacenter"`
	Folder             string            `json:"folder"`        // relative to the datacenter's vm folder
	InventoryPath      string            `json:"inventoryPath"` // govc-style /DC/vm/folder/name
	Cluster            string            `json:"cluster"`
	Host               string            `json:"host"`
	HostMoref          string            `json:"hostMoref"`
	ResourcePool       string            `json:"resourcePool"` // path below the compute resource, "" for templates
	NumCPU             int32             `json:"numCPU"`
	NumCoresPerSocket  int32             `json:"numCoresPerSocket"`
	MemoryMB           int32             `json:"memoryMB"`
	HostName           string            `json:"hostName"`
	Ip                 string            `json:"ip"`
	Macs               []string          `json:"macs"`
	Nics               []truthNic        `json:"nics"`
	Disks              []truthDisk       `json:"disks"`
	DiskCapacityBytes  int64             `json:"diskCapacityBytes"`
	Committed          int64             `json:"committed"`
	Uncommitted        int64             `json:"uncommitted"`
	Unshared           int64             `json:"unshared"`
	Datastore          string            `json:"datastore"`
	VmPathName         string            `json:"vmPathName"`
	Firmware           string            `json:"firmware"`
	HardwareVersion    string            `json:"hardwareVersion"`
	CreateDate         string            `json:"createDate"`
	Annotation         string            `json:"annotation"`
	CustomValues       map[string]string `json:"customValues"`
	Tags               []string          `json:"tags"` // "Category/Tag"
	Notes              []string          `json:"notes,omitempty"`
}

type truthFile struct {
	Generator     string              `json:"generator"`
	Seed          int64               `json:"seed"`
	Url           string              `json:"url"`
	User          string              `json:"user"`
	About         types.AboutInfo     `json:"about"`
	Tls           map[string]string   `json:"tls,omitempty"`
	PageSize      int                 `json:"pageSize"`
	Counts        map[string]int      `json:"counts"`
	Datacenters   []map[string]string `json:"datacenters"`
	Clusters      []map[string]string `json:"clusters"`
	Datastores    []map[string]string `json:"datastores"`
	CustomFields  []map[string]string `json:"customFields"`
	TagCategories []map[string]any    `json:"tagCategories"`
	Hosts         []*truthHost        `json:"hosts"`
	VMs           []*truthVM          `json:"vms"`
}

// ---------------------------------------------------------------------------------------
// Paging PropertyCollector: the simulator's PropertyCollector ignores RetrieveOptions.MaxObjects
// and has no ContinueRetrievePropertiesEx. This wrapper pages the complete result.

type pagingPC struct {
	simulator.PropertyCollector // must stay the first field (the simulator digs it out by position)
}

type pendingPage struct {
	session string
	limit   int // page size of the first page; later pages use the same
	objects []types.ObjectContent
}

var pager = struct {
	sync.Mutex
	size  int // server-side cap on a page (0 = none: only the client's maxObjects)
	seq   int
	pages map[string]*pendingPage
}{pages: map[string]*pendingPage{}}

func sessionKey(ctx *simulator.Context) string {
	if ctx.Session == nil {
		return ""
	}
	return ctx.Session.Key
}

// notAuthenticated: like vCenter, property retrieval without a (valid) session fails with
// NotAuthenticated, except for the SessionManager (clients read sessionManager.currentSession
// to find out whether their session is still alive). The simulator itself would answer with
// MissingSet entries, or ManagedObjectNotFound for a session's ContainerView.
func notAuthenticated(ctx *simulator.Context, this types.ManagedObjectReference, specs []types.PropertyFilterSpec) *soap.Fault {
	if ctx.Session != nil {
		return nil
	}
	for _, spec := range specs {
		for _, o := range spec.ObjectSet {
			if o.Obj.Type != "SessionManager" && o.Obj.Type != "ServiceInstance" {
				return simulator.Fault("The session is not authenticated.", &types.NotAuthenticated{
					NoPermission: types.NoPermission{Object: this, PrivilegeId: "System.View"}})
			}
		}
	}
	return nil
}

func (pc *pagingPC) RetrieveProperties(ctx *simulator.Context, r *types.RetrieveProperties) soap.HasFault {
	if f := notAuthenticated(ctx, r.This, r.SpecSet); f != nil {
		return &methods.RetrievePropertiesBody{Fault_: f}
	}
	return pc.PropertyCollector.RetrieveProperties(ctx, r)
}

func (pc *pagingPC) RetrievePropertiesEx(ctx *simulator.Context, r *types.RetrievePropertiesEx) soap.HasFault {
	if f := notAuthenticated(ctx, r.This, r.SpecSet); f != nil {
		return &methods.RetrievePropertiesExBody{Fault_: f}
	}
	res := pc.PropertyCollector.RetrievePropertiesEx(ctx, r)
	body, ok := res.(*methods.RetrievePropertiesExBody)
	if !ok || body.Fault_ != nil || body.Res == nil || body.Res.Returnval == nil {
		return res
	}
	objs := body.Res.Returnval.Objects
	if len(objs) == 0 {
		// Like vCenter: no matching object -> no returnval at all.
		body.Res.Returnval = nil
		return body
	}
	limit := int(r.Options.MaxObjects)
	pager.Lock()
	defer pager.Unlock()
	if pager.size > 0 && (limit <= 0 || limit > pager.size) {
		limit = pager.size
	}
	if limit <= 0 || len(objs) <= limit {
		return body
	}
	pager.seq++
	token := fmt.Sprintf("%d", pager.seq)
	rest := make([]types.ObjectContent, len(objs)-limit)
	copy(rest, objs[limit:])
	pager.pages[token] = &pendingPage{session: sessionKey(ctx), limit: limit, objects: rest}
	body.Res.Returnval = &types.RetrieveResult{Token: token, Objects: objs[:limit]}
	return body
}

func (pc *pagingPC) ContinueRetrievePropertiesEx(ctx *simulator.Context, r *types.ContinueRetrievePropertiesEx) soap.HasFault {
	body := &methods.ContinueRetrievePropertiesExBody{}
	pager.Lock()
	defer pager.Unlock()
	p, ok := pager.pages[r.Token]
	if !ok || p.session != sessionKey(ctx) {
		body.Fault_ = simulator.Fault("", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	delete(pager.pages, r.Token)
	limit := p.limit
	if limit <= 0 || limit >= len(p.objects) {
		body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: types.RetrieveResult{Objects: p.objects}}
		return body
	}
	// Next page uses the same size as the first (vCenter keeps the original maxObjects).
	pager.seq++
	token := fmt.Sprintf("%d", pager.seq)
	pager.pages[token] = &pendingPage{session: p.session, limit: limit, objects: p.objects[limit:]}
	body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: types.RetrieveResult{Token: token, Objects: p.objects[:limit]}}
	return body
}

func (pc *pagingPC) CancelRetrievePropertiesEx(ctx *simulator.Context, r *types.CancelRetrievePropertiesEx) soap.HasFault {
	body := &methods.CancelRetrievePropertiesExBody{}
	pager.Lock()
	defer pager.Unlock()
	p, ok := pager.pages[r.Token]
	if !ok || p.session != sessionKey(ctx) {
		body.Fault_ = simulator.Fault("", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	delete(pager.pages, r.Token)
	body.Res = &types.CancelRetrievePropertiesExResponse{}
	return body
}

// CreatePropertyCollector: collectors made by clients page as well.
func (pc *pagingPC) CreatePropertyCollector(ctx *simulator.Context, c *types.CreatePropertyCollector) soap.HasFault {
	npc := &pagingPC{}
	npc.Self.Type = "PropertyCollector" // else the moref type would be the Go type name
	return &methods.CreatePropertyCollectorBody{
		Res: &types.CreatePropertyCollectorResponse{Returnval: ctx.Session.Put(npc).Reference()},
	}
}

// ---------------------------------------------------------------------------------------

type buildCtx struct {
	ctx      context.Context
	c        *vim25.Client
	rng      *mrand.Rand
	truth    *truthFile
	macs     map[string]bool
	uuids    map[string]bool
	names    map[string]bool
	ipNext   map[string]*ipPool
	overflow int
}

// fsMu is held while the inventory builder writes datastore files, so that a signal handler
// does not remove the data directory while files are still being created in it.
var fsMu sync.Mutex

// removeDir is the temporary data directory this process made (removed on exit).
var removeDir string

// listener is the server's listening socket, closed first on a signal.
var (
	listenerMu sync.Mutex
	listener   net.Listener
)

// stockModel is the simulator's model, whose datastore directories (-stock) are its own.
var stockModel *simulator.Model

func cleanup() {
	if removeDir != "" {
		_ = os.RemoveAll(removeDir)
	}
	if stockModel != nil {
		stockModel.Remove()
	}
}

func must(err error, what string) {
	if err != nil {
		cleanup()
		log.Fatalf("arsring-vcsim: %s: %v", what, err)
	}
}

func (b *buildCtx) wait(t *object.Task, err error) types.ManagedObjectReference {
	must(err, "start task")
	info, err := t.WaitForResult(b.ctx, nil)
	must(err, "task "+t.Reference().Value)
	if ref, ok := info.Result.(types.ManagedObjectReference); ok {
		return ref
	}
	return types.ManagedObjectReference{}
}

// vSphere-style UUIDs: VM BIOS UUIDs start with 42, instance UUIDs with 50.
func (b *buildCtx) uuid(first byte) string {
	for {
		var u [16]byte
		b.rng.Read(u[:])
		u[0] = first
		s := fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
		if !b.uuids[s] {
			b.uuids[s] = true
			return s
		}
	}
}

func (b *buildCtx) mac() string {
	for {
		s := fmt.Sprintf("00:50:56:%02x:%02x:%02x", 0x80|b.rng.Intn(0x40), b.rng.Intn(256), b.rng.Intn(256))
		if !b.macs[s] {
			b.macs[s] = true
			return s
		}
	}
}

func (b *buildCtx) pick(list []string) string { return list[b.rng.Intn(len(list))] }

const alnum = "0123456789BCDFGHJKLMNPQRSTVWXYZ"

func (b *buildCtx) serial(family string) string {
	r := func(n int, set string) string {
		s := make([]byte, n)
		for i := range s {
			s[i] = set[b.rng.Intn(len(set))]
		}
		return string(s)
	}
	switch family {
	case "dell": // 7-character service tag
		return r(7, alnum)
	case "hpe", "hp": // e.g. CZJ9450ABC
		return b.pick([]string{"CZJ", "CZ2", "MXQ"}) + r(4, "0123456789") + r(3, "ABCDEFGHJKLMNPQRSTUVWXYZ")
	default: // Lenovo: J30ABCDE
		return b.pick([]string{"J30", "J10", "J90"}) + r(5, alnum)
	}
}

// Dell encodes the service tag into the SMBIOS system UUID ("DELL" + tag characters).
func dellUUID(t string) string {
	return fmt.Sprintf("4c4c4544-00%02x-%02x10-80%02x-%02xc04f%02x%02x%02x", t[1], t[2], t[3], t[0]|0x80, t[4], t[5], t[6])
}

func ident(key, label, summary, value string) types.HostSystemIdentificationInfo {
	return types.HostSystemIdentificationInfo{
		IdentifierValue: value,
		IdentifierType:  &types.ElementDescription{Description: types.Description{Label: label, Summary: summary}, Key: key},
	}
}

func replaceRef(list []types.ManagedObjectReference, old, new types.ManagedObjectReference) {
	for i := range list {
		if list[i] == old {
			list[i] = new
		}
	}
}

func hostParentCR(h *simulator.HostSystem) *mo.ComputeResource {
	switch p := simulator.Map.Get(*h.Parent).(type) {
	case *simulator.ClusterComputeResource:
		return &p.ComputeResource
	case *mo.ComputeResource:
		return p
	}
	return nil
}

func addRefOnce(list *[]types.ManagedObjectReference, ref types.ManagedObjectReference) {
	for _, r := range *list {
		if r == ref {
			return
		}
	}
	*list = append(*list, ref)
}

// ---------------------------------------------------------------------------------------

type site struct {
	name     string
	dc       *object.Datacenter
	folders  *object.DatacenterFolders
	dvs      *object.DistributedVirtualSwitch
	pgs      map[string]types.ManagedObjectReference
	vmFolder map[string]*object.Folder
	hostPref string
	mgmtNet  int
	ds       []types.ManagedObjectReference
	dsNames  []string
}

type group struct {
	site       *site
	name       string // cluster name, or the host name for a standalone host
	standalone bool
	profiles   []string
	esxi       []string
	cluster    *object.ClusterComputeResource
	pools      map[string]*object.ResourcePool // "", "Produktion", "Test", "Produktion/Kritiskt"
	hosts      []*object.HostSystem
	hostTruth  []*truthHost
	next       int
}

type vmPlan struct {
	name, folder, env, pool string
	os                      string
	dept                    *dept
	g                       *group
	power                   string // poweredOn, poweredOff, suspended
	tools                   string // ok, old, none
	template                bool
	cpu, cores, memMB       int32
	disksGB                 []int64
	nics                    int
	uuid                    string // "" = generate
	hostName                string
	notes                   []string
	toolsOS                 string // "" = same as os
	annotation              string
	custom                  map[string]string
	tags                    []string
	noIp                    bool
}

func main() {
	log.SetFlags(0)
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (port 0 = any free port)")
	nHosts := flag.Int("hosts", 6, "number of ESXi hosts in total (>= 2: two datacenters)")
	nVMs := flag.Int("vms", 40, "number of virtual machines in total, templates included")
	user := flag.String("user", "administrator@vsphere.local", "the only user name that can log in")
	password := flag.String("password", "Sommar2024!", "the only password that is accepted")
	useTLS := flag.Bool("tls", false, "serve https (certificate from -cert/-key, or a generated CA + server certificate)")
	certFile := flag.String("cert", "", "PEM server certificate (with -tls)")
	keyFile := flag.String("key", "", "PEM private key for -cert")
	caOut := flag.String("ca-out", "", "write the generated CA certificate (PEM) here (with -tls and no -cert)")
	truthOut := flag.String("truth-out", "", "write the inventory facts (JSON) here")
	pageSize := flag.Int("page-size", 0, "server-side page size for RetrievePropertiesEx (0: only the client's maxObjects pages)")
	seed := flag.Int64("seed", 1, "seed for names, serials, UUIDs and placement")
	dataDir := flag.String("data-dir", "", "directory for the simulated datastores (default: a new dir in /dev/shm, else $TMPDIR, removed on exit)")
	idle := flag.Duration("session-idle-timeout", 0, "expire idle sessions after this long (0 = never)")
	withTags := flag.Bool("tags", true, "create vAPI tag categories/tags and attach them (via /rest)")
	trace := flag.Bool("trace", false, "log every SOAP request and response to stderr")
	stock := flag.Bool("stock", false, "serve the simulator's own inventory (govmomi's VPX model, DC0_C0_RP0_VM0…) "+
		"instead of the municipal one: two datacenters, the second in a folder; per datacenter a standalone host "+
		"and a cluster of two hosts with a resource pool and a vApp; two VMs on the standalone host, in the "+
		"cluster's root pool and in the vApp; no tags, no custom fields (-hosts, -vms, -seed and -tags do not apply)")
	esx := flag.Bool("esx", false, "serve one ESXi host on its own, without vCenter (govmomi's ESX model: "+
		"ha-datacenter, its host and two VMs), as a small site without vCenter has it (-stock's caveats apply)")
	flag.Parse()

	if *nHosts < 2 {
		log.Fatal("arsring-vcsim: -hosts must be at least 2 (one per datacenter)")
	}
	if *nVMs < 0 {
		log.Fatal("arsring-vcsim: -vms must be >= 0")
	}
	abs := func(p string) string {
		if p == "" {
			return ""
		}
		a, err := filepath.Abs(p)
		must(err, "path "+p)
		return a
	}
	*certFile, *keyFile, *caOut, *truthOut = abs(*certFile), abs(*keyFile), abs(*caOut), abs(*truthOut)

	// SIGTERM/SIGINT/SIGHUP at any time (also while the inventory is still being built):
	// remove the temporary datastore directory and exit 0.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	go func() {
		<-sig
		listenerMu.Lock()
		if listener != nil {
			_ = listener.Close() // free the port first: removing 2000 VM directories takes a while
		}
		listenerMu.Unlock()
		fsMu.Lock() // wait for the VM being created (its files) to be complete; never unlocked
		cleanup()
		os.Exit(0)
	}()

	// Fail fast (and cleanly) when the address cannot be bound; the simulator itself panics.
	if l, err := net.Listen("tcp", *listen); err != nil {
		must(err, "listen")
	} else {
		_ = l.Close()
	}

	fsMu.Lock()
	if *dataDir == "" {
		// tmpfs when there is one: the simulator creates a directory and five (empty) files
		// per VM, and on a busy disk that makes a 2000-VM start 4-6x slower.
		d, err := ioutil.TempDir("/dev/shm", "arsring-vcsim-")
		if err != nil {
			d, err = ioutil.TempDir("", "arsring-vcsim-")
		}
		must(err, "temp dir")
		*dataDir, removeDir = d, d
	} else {
		must(os.MkdirAll(*dataDir, 0o755), "data dir")
		*dataDir = abs(*dataDir)
	}
	fsMu.Unlock()

	simulator.Trace = *trace
	simulator.SessionIdleTimeout = *idle
	pager.size = *pageSize

	start := time.Now()
	model := simulator.VPX()
	if *esx {
		model = simulator.ESX()
		model.Machine = 2
		*stock, *withTags = true, false
	} else if *stock {
		model.Datacenter, model.Folder, model.Host, model.Cluster, model.ClusterHost = 2, 1, 1, 1, 2
		model.Pool, model.App, model.Machine = 1, 1, 2
		*withTags = false
	} else {
		model.Datacenter, model.Portgroup, model.Host, model.Cluster, model.ClusterHost = 0, 0, 0, 0, 0
		model.Datastore, model.Machine, model.Autostart = 0, 0, false
	}
	stockModel = model
	must(model.Create(), "model")

	ctx := context.Background()
	c, err := vim25.NewClient(ctx, model.Service)
	must(err, "in-process client")

	truth := &truthFile{Generator: "arsring-vcsim (govmomi simulator)", Seed: *seed, User: *user, PageSize: *pageSize}
	b := &buildCtx{ctx: ctx, c: c, rng: mrand.New(mrand.NewSource(*seed)), truth: truth,
		macs: map[string]bool{}, uuids: map[string]bool{}, names: map[string]bool{}, ipNext: map[string]*ipPool{}}

	// vCenter identity: 8.0.2 (it must be at least as new as the newest ESXi host). A lone
	// ESXi host (-esx) keeps the simulator's own: apiType HostAgent, no instance UUID.
	si := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance)
	if !*esx {
		si.Content.About.FullName = "VMware vCenter Server 8.0.2 build-22385739"
		si.Content.About.Version = "8.0.2"
		si.Content.About.Build = "22385739"
		si.Content.About.ApiVersion = "8.0.2.0"
		si.Content.About.LicenseProductVersion = "8.0"
		si.Content.About.InstanceUuid = b.uuid(0x6f)
		for _, s := range simulator.Map.OptionManager().Setting {
			o := s.GetOptionValue()
			if o.Key == "VirtualCenter.InstanceName" || o.Key == "VirtualCenter.FQDN" {
				o.Value = "vcenter01.kommun.internal"
			}
		}
	}
	truth.About = si.Content.About

	if *stock {
		// The model's own objects; the truth says only how many (their names are the model's).
		count := model.Count()
		truth.Counts = map[string]int{"hosts": count.Host, "vms": count.Machine,
			"vapps": count.App, "datacenters": count.Datacenter}
	} else {
		b.build(*nHosts, *nVMs, *dataDir)
	}
	log.Printf("arsring-vcsim: inventory built in %s (%d hosts, %d VMs)", time.Since(start).Round(time.Millisecond), len(truth.Hosts), len(truth.VMs))

	// Replace the PropertyCollector singleton with the paging one.
	pcRef := si.Content.PropertyCollector
	npc := &pagingPC{}
	npc.Self = pcRef
	simulator.Map.Put(npc)

	// --- server ---
	svc := model.Service
	svc.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *password)}
	svc.RegisterEndpoints = true
	svc.ServeMux = http.NewServeMux()
	restAuth(svc.ServeMux, *user, *password)
	if *useTLS {
		cfg, info := tlsConfig(*certFile, *keyFile, *caOut, *listen)
		svc.TLS = cfg
		truth.Tls = info
	}
	srv := svc.NewServer()
	listenerMu.Lock()
	listener = srv.Listener
	listenerMu.Unlock()
	u := *srv.URL
	u.User = nil
	truth.Url = u.String()

	if *withTags && *nVMs > 0 {
		b.tag(srv.URL)
	}
	tagCatsTruth(truth)

	if *truthOut != "" {
		data, err := json.MarshalIndent(truth, "", "  ")
		must(err, "truth json")
		tmp := *truthOut + ".tmp"
		must(ioutil.WriteFile(tmp, append(data, '\n'), 0o644), "write truth")
		must(os.Rename(tmp, *truthOut), "rename truth")
	}

	log.Printf("arsring-vcsim: ready in %s", time.Since(start).Round(time.Millisecond))
	fmt.Printf("URL %s\n", u.String())
	_ = os.Stdout.Sync()

	select {} // until a signal arrives (see above)
}

// restAuth makes POST /rest/com/vmware/cis/session accept only -user/-password (the vAPI
// simulator itself accepts any non-empty user and password).
func restAuth(mux *http.ServeMux, user, pass string) {
	mux.HandleFunc("/rest/com/vmware/cis/session", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Query().Get("~action") == "" {
			u, p, ok := r.BasicAuth()
			if !ok || u != user || p != pass {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"type":"com.vmware.vapi.std.errors.unauthenticated","value":{"messages":[{"args":[],"default_message":"Authentication required.","id":"com.vmware.vapi.endpoint.method.authentication.required"}]}}`)
				return
			}
		}
		h, _ := mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/rest/"}})
		h.ServeHTTP(w, r)
	})
}

func tlsConfig(certFile, keyFile, caOut, listen string) (*tls.Config, map[string]string) {
	var cert tls.Certificate
	info := map[string]string{}
	if certFile != "" {
		var err error
		cert, err = tls.LoadX509KeyPair(certFile, keyFile)
		must(err, "load -cert/-key")
		info["source"] = "files"
	} else {
		caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		must(err, "ca key")
		now := time.Now()
		caTpl := &x509.Certificate{
			SerialNumber:          big.NewInt(now.UnixNano()),
			Subject:               pkix.Name{CommonName: "arsring-vcsim test CA", Organization: []string{"Årsring tests"}},
			NotBefore:             now.Add(-time.Hour),
			NotAfter:              now.Add(10 * 24 * time.Hour),
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
			BasicConstraintsValid: true,
			IsCA:                  true,
			MaxPathLenZero:        true,
		}
		caDER, err := x509.CreateCertificate(rand.Reader, caTpl, caTpl, &caKey.PublicKey, caKey)
		must(err, "ca cert")
		caCert, _ := x509.ParseCertificate(caDER)
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		must(err, "server key")
		tpl := &x509.Certificate{
			SerialNumber: big.NewInt(now.UnixNano() + 1),
			Subject:      pkix.Name{CommonName: "vcenter01.kommun.internal"},
			NotBefore:    now.Add(-time.Hour),
			NotAfter:     now.Add(10 * 24 * time.Hour),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
			DNSNames:     []string{"localhost", "vcenter01.kommun.internal"},
			IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
		}
		if h, _, err := net.SplitHostPort(listen); err == nil && h != "" {
			if ip := net.ParseIP(h); ip != nil {
				if !ip.IsLoopback() && !ip.IsUnspecified() {
					tpl.IPAddresses = append(tpl.IPAddresses, ip)
				}
			} else if h != "localhost" {
				tpl.DNSNames = append(tpl.DNSNames, h)
			}
		}
		der, err := x509.CreateCertificate(rand.Reader, tpl, caCert, &key.PublicKey, caKey)
		must(err, "server cert")
		cert = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
		caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
		if caOut != "" {
			tmp := caOut + ".tmp"
			must(ioutil.WriteFile(tmp, caPEM, 0o644), "write -ca-out")
			must(os.Rename(tmp, caOut), "rename -ca-out")
			info["caFile"] = caOut
		}
		info["source"] = "generated"
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	must(err, "parse server certificate")
	s1 := sha1.Sum(leaf.Raw)
	s256 := sha256.Sum256(leaf.Raw)
	hexColon := func(b []byte) string {
		parts := make([]string, len(b))
		for i, x := range b {
			parts[i] = fmt.Sprintf("%02X", x)
		}
		return strings.Join(parts, ":")
	}
	info["sha1Thumbprint"] = hexColon(s1[:])
	info["sha256Thumbprint"] = hexColon(s256[:])
	log.Printf("arsring-vcsim: TLS certificate SHA-1 %s", info["sha1Thumbprint"])
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, info
}

// ---------------------------------------------------------------------------------------

func (b *buildCtx) build(nHosts, nVMs int, dataDir string) {
	ctx, c := b.ctx, b.c
	root := object.NewRootFolder(c)

	sites := []*site{
		{name: "DC-Stadshuset", hostPref: "esx-sh", mgmtNet: 1},
		{name: "DC-Vattentornet", hostPref: "esx-vt", mgmtNet: 2},
	}
	vmFolders := [][]string{
		{"Socialtjänst/Prod", "Socialtjänst/Test", "Barn och utbildning/Prod", "Barn och utbildning/Test",
			"Bygg och miljö", "Ekonomi", "Vård och omsorg/Prod", "Vård och omsorg/Test", "Kultur och fritid",
			"IT-Infrastruktur/Servrar", "IT-Infrastruktur/Nätverk", "Mallar"},
		{"DR/Replikor", "DR/Tjänster", "Backup"},
	}
	portgroups := [][]string{
		{"VLAN100-Mgmt", "VLAN110-Server-Prod", "VLAN120-Server-Test", "VLAN199-Backup"},
		{"VLAN200-Mgmt", "VLAN210-DR", "VLAN299-Backup"},
	}
	for i, s := range sites {
		dc, err := root.CreateDatacenter(ctx, s.name)
		must(err, "datacenter")
		s.dc = dc
		s.folders, err = dc.Folders(ctx)
		must(err, "dc folders")
		s.vmFolder = map[string]*object.Folder{"": s.folders.VmFolder}
		for _, p := range vmFolders[i] {
			parts := strings.Split(p, "/")
			for j := range parts {
				key := strings.Join(parts[:j+1], "/")
				if s.vmFolder[key] != nil {
					continue
				}
				f, err := s.vmFolder[strings.Join(parts[:j], "/")].CreateFolder(ctx, parts[j])
				must(err, "vm folder "+key)
				s.vmFolder[key] = f
			}
		}
		var spec types.DVSCreateSpec
		spec.ConfigSpec = &types.VMwareDVSConfigSpec{}
		spec.ConfigSpec.GetDVSConfigSpec().Name = "DVS-" + strings.TrimPrefix(s.name, "DC-")
		ref := b.wait(s.folders.NetworkFolder.CreateDVS(ctx, spec))
		s.dvs = object.NewDistributedVirtualSwitch(c, ref)
		s.pgs = map[string]types.ManagedObjectReference{}
		for _, pg := range portgroups[i] {
			b.wait(s.dvs.AddPortgroup(ctx, []types.DVPortgroupConfigSpec{{Name: pg, Type: "earlyBinding", NumPorts: 128}}))
			nf := simulator.Map.Get(s.folders.NetworkFolder.Reference()).(*simulator.Folder)
			s.pgs[pg] = simulator.Map.FindByName(pg, nf.ChildEntity).Reference()
		}
		b.truth.Datacenters = append(b.truth.Datacenters, map[string]string{"name": s.name, "moref": dc.Reference().Value})
	}

	groups := []*group{
		{site: sites[0], name: "Kluster-Prod01", profiles: []string{"r750", "dl360g10p", "sr630v2"}, esxi: []string{"8.0"}},
		{site: sites[0], name: "Kluster-Prod02", profiles: []string{"r740", "dl380g10", "sr650"}, esxi: []string{"7.0", "7.0", "8.0"}},
		{site: sites[1], name: "Kluster-DR01", profiles: []string{"r640", "dl380g10", "dl380g9"}, esxi: []string{"6.7", "7.0"}},
		{site: sites[1], name: "", standalone: true, profiles: []string{"dl380g9"}, esxi: []string{"6.7"}},
	}
	// Host counts per group.
	counts := make([]int, len(groups))
	switch {
	case nHosts == 2:
		counts[0], counts[2] = 1, 1
	case nHosts == 3:
		counts[0], counts[1], counts[2] = 1, 1, 1
	default:
		counts[3] = 1
		for i := 0; i < nHosts-1; i++ {
			counts[i%3]++
		}
	}
	for gi, g := range groups {
		if counts[gi] == 0 {
			continue
		}
		if !g.standalone {
			cl, err := g.site.folders.HostFolder.CreateCluster(ctx, g.name, types.ClusterConfigSpecEx{})
			must(err, "cluster")
			g.cluster = cl
			b.truth.Clusters = append(b.truth.Clusters, map[string]string{"name": g.name, "moref": cl.Reference().Value, "datacenter": g.site.name})
		}
	}
	hostSeq := map[*site]int{}
	var allHosts []*object.HostSystem
	for gi, g := range groups {
		for i := 0; i < counts[gi]; i++ {
			hostSeq[g.site]++
			name := fmt.Sprintf("%s-%02d.kommun.internal", g.site.hostPref, hostSeq[g.site])
			if g.standalone {
				name = "esx-vt-backup01.kommun.internal"
				g.name = name
			}
			spec := types.HostConnectSpec{HostName: name}
			var ref types.ManagedObjectReference
			if g.standalone {
				ref = b.wait(g.site.folders.HostFolder.AddStandaloneHost(ctx, spec, true, nil, nil))
			} else {
				ref = b.wait(g.cluster.AddHost(ctx, spec, true, nil, nil))
			}
			h := object.NewHostSystem(c, ref)
			g.hosts = append(g.hosts, h)
			allHosts = append(allHosts, h)
			th := b.shapeHost(h, g, hostSeq[g.site])
			g.hostTruth = append(g.hostTruth, th)
			b.truth.Hosts = append(b.truth.Hosts, th)
		}
	}
	// DVS membership.
	for _, s := range sites {
		var members []types.DistributedVirtualSwitchHostMemberConfigSpec
		for _, g := range groups {
			if g.site != s {
				continue
			}
			for _, h := range g.hosts {
				members = append(members, types.DistributedVirtualSwitchHostMemberConfigSpec{Operation: "add", Host: h.Reference()})
			}
		}
		b.wait(s.dvs.Reconfigure(ctx, &types.DVSConfigSpec{Host: members}))
	}
	// Datastores: shared VMFS-looking datastores per site.
	dsPlan := []struct {
		site   *site
		name   string
		groups []int
		capTiB int64
	}{
		{sites[0], "DS-SH-PROD01", []int{0, 1}, 24},
		{sites[0], "DS-SH-PROD02", []int{0, 1}, 16},
		{sites[1], "DS-VT-DR01", []int{2, 3}, 32},
	}
	for _, p := range dsPlan {
		var hosts []*object.HostSystem
		for _, gi := range p.groups {
			hosts = append(hosts, groups[gi].hosts...)
		}
		if len(hosts) == 0 {
			continue
		}
		fsMu.Lock()
		ref := b.createDatastore(p.site, p.name, filepath.Join(dataDir, p.name), hosts, p.capTiB)
		fsMu.Unlock()
		p.site.ds = append(p.site.ds, ref)
		p.site.dsNames = append(p.site.dsNames, p.name)
		b.truth.Datastores = append(b.truth.Datastores, map[string]string{"name": p.name, "moref": ref.Value, "datacenter": p.site.name})
	}
	// Resource pools.
	for _, g := range groups {
		if len(g.hosts) == 0 {
			continue
		}
		var rootPool *object.ResourcePool
		var err error
		if g.standalone {
			rootPool, err = g.hosts[0].ResourcePool(ctx)
		} else {
			rootPool, err = g.cluster.ResourcePool(ctx)
		}
		must(err, "root pool")
		g.pools = map[string]*object.ResourcePool{"": rootPool}
		if g.standalone {
			continue
		}
		spec := types.DefaultResourceConfigSpec()
		g.pools["Produktion"], err = rootPool.Create(ctx, "Produktion", spec)
		must(err, "pool")
		g.pools["Test"], err = rootPool.Create(ctx, "Test", spec)
		must(err, "pool")
		if g.name == "Kluster-Prod01" {
			g.pools["Produktion/Kritiskt"], err = g.pools["Produktion"].Create(ctx, "Kritiskt", spec)
			must(err, "pool")
		}
	}

	plans := b.planVMs(groups, nVMs)
	for _, p := range plans {
		fsMu.Lock()
		tv := b.createVM(p)
		fsMu.Unlock()
		b.truth.VMs = append(b.truth.VMs, tv)
	}

	// Custom attributes (definitions after the entities exist: the simulator only adds the
	// definition to objects that exist at AddCustomFieldDef time).
	cfm, err := object.GetCustomFieldsManager(c)
	must(err, "custom fields manager")
	fieldKeys := map[string]int32{}
	for _, f := range []struct{ name, moType string }{
		{"Verksamhet", "VirtualMachine"}, {"Kostnadsställe", "VirtualMachine"}, {"Systemägare", "VirtualMachine"},
		{"Placering", "HostSystem"}, {"Serviceavtal", "HostSystem"},
	} {
		def, err := cfm.Add(ctx, f.name, f.moType, nil, nil)
		must(err, "custom field "+f.name)
		fieldKeys[f.moType+"/"+f.name] = def.Key
		b.truth.CustomFields = append(b.truth.CustomFields, map[string]string{"key": fmt.Sprint(def.Key), "name": f.name, "moType": f.moType})
	}
	setFields := func(ref types.ManagedObjectReference, moType string, values map[string]string) {
		keys := make([]string, 0, len(values))
		for k := range values {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			must(cfm.Set(ctx, ref, fieldKeys[moType+"/"+k], values[k]), "set field")
		}
	}
	for _, th := range b.truth.Hosts {
		setFields(types.ManagedObjectReference{Type: "HostSystem", Value: th.Moref}, "HostSystem", th.CustomValues)
	}
	for _, tv := range b.truth.VMs {
		setFields(types.ManagedObjectReference{Type: "VirtualMachine", Value: tv.Moref}, "VirtualMachine", tv.CustomValues)
	}

	// Compute resource summaries (the simulator adds the template host's numbers at AddHost).
	for _, g := range groups {
		if len(g.hosts) == 0 {
			continue
		}
		hs := simulator.Map.Get(g.hosts[0].Reference()).(*simulator.HostSystem)
		cr := hostParentCR(hs)
		s := cr.Summary.GetComputeResourceSummary()
		s.TotalCpu, s.TotalMemory, s.NumCpuCores, s.NumCpuThreads, s.EffectiveCpu, s.EffectiveMemory = 0, 0, 0, 0, 0, 0
		s.NumHosts, s.NumEffectiveHosts = 0, 0
		for _, h := range g.hosts {
			x := simulator.Map.Get(h.Reference()).(*simulator.HostSystem).Summary.Hardware
			s.TotalCpu += x.CpuMhz * int32(x.NumCpuCores)
			s.TotalMemory += x.MemorySize
			s.NumCpuCores += x.NumCpuCores
			s.NumCpuThreads += x.NumCpuThreads
			s.EffectiveCpu += x.CpuMhz * int32(x.NumCpuCores)
			s.EffectiveMemory += x.MemorySize >> 20
			s.NumHosts++
			s.NumEffectiveHosts++
		}
	}

	// Counts.
	cnt := map[string]int{"datacenters": len(sites), "clusters": len(b.truth.Clusters), "hosts": len(b.truth.Hosts),
		"vms": len(b.truth.VMs), "datastores": len(b.truth.Datastores)}
	for _, v := range b.truth.VMs {
		cnt["power."+v.PowerState]++
		if v.Template {
			cnt["templates"]++
		}
		if v.ToolsRunningStatus == "guestToolsRunning" {
			cnt["toolsRunning"]++
		}
	}
	for _, h := range b.truth.Hosts {
		for _, v := range b.truth.VMs {
			if v.HostMoref == h.Moref {
				h.VmCount++
			}
		}
	}
	b.truth.Counts = cnt
}

// createDatastore makes one datastore shared by the given hosts, with a vCenter-like moref.
func (b *buildCtx) createDatastore(s *site, name, dir string, hosts []*object.HostSystem, capTiB int64) types.ManagedObjectReference {
	must(os.MkdirAll(dir, 0o755), "datastore dir")
	dss, err := hosts[0].ConfigManager().DatastoreSystem(b.ctx)
	must(err, "datastore system")
	ds, err := dss.CreateLocalDatastore(b.ctx, name, dir)
	must(err, "create datastore")
	old := ds.Reference()
	obj := simulator.Map.Get(old).(*simulator.Datastore)

	// Re-key "path@folder" to "datastore-N" before anything else refers to it.
	simulator.Map.Remove(old)
	nref := simulator.Map.NewEntity(obj).Reference()
	nref.Type = "Datastore"
	obj.Self = nref
	obj.Summary.Datastore = &obj.Self
	simulator.Map.Put(obj)
	dcObj := simulator.Map.Get(s.dc.Reference()).(*simulator.Datacenter)
	replaceRef(dcObj.Datastore, old, nref)
	dsFolder := simulator.Map.Get(*obj.Parent).(*simulator.Folder)
	replaceRef(dsFolder.ChildEntity, old, nref)
	if br, ok := simulator.Map.Get(obj.Browser).(*simulator.HostDatastoreBrowser); ok {
		replaceRef(br.Datastore, old, nref)
	}

	capacity := capTiB << 40
	free := capacity * int64(30+b.rng.Intn(30)) / 100
	info := obj.Info.GetDatastoreInfo()
	vmfs := &types.VmfsDatastoreInfo{DatastoreInfo: *info, MaxPhysicalRDMFileSize: 64 << 40, MaxVirtualRDMFileSize: 62 << 40,
		Vmfs: &types.HostVmfsVolume{HostFileSystemVolume: types.HostFileSystemVolume{Type: "VMFS", Name: name, Capacity: capacity},
			BlockSizeMb: 1, MaxBlocks: 63963136, MajorVersion: 6, Version: "6.82", Uuid: b.uuid(0x60), Local: types.NewBool(false)}}
	vmfs.FreeSpace, vmfs.MaxFileSize, vmfs.MaxMemoryFileSize = free, 64<<40, 64<<40
	obj.Info = vmfs
	obj.Summary.Type = "VMFS"
	obj.Summary.Capacity, obj.Summary.FreeSpace = capacity, free
	obj.Summary.MultipleHostAccess = types.NewBool(len(hosts) > 1)

	for i, h := range hosts {
		hs := simulator.Map.Get(h.Reference()).(*simulator.HostSystem)
		dsys := simulator.Map.Get(*hs.ConfigManager.DatastoreSystem).(*simulator.HostDatastoreSystem)
		cr := hostParentCR(hs)
		if i == 0 {
			replaceRef(dsys.Datastore, old, nref)
			replaceRef(cr.Datastore, old, nref)
			hs.Datastore = dsys.Datastore
			continue
		}
		dsys.Datastore = append(dsys.Datastore, nref)
		hs.Datastore = dsys.Datastore
		addRefOnce(&cr.Datastore, nref)
		obj.Host = append(obj.Host, types.DatastoreHostMount{Key: h.Reference(), MountInfo: types.HostMountInfo{
			AccessMode: "readWrite", Mounted: types.NewBool(true), Accessible: types.NewBool(true)}})
	}
	for _, th := range b.truth.Hosts {
		for _, h := range hosts {
			if th.Moref == h.Reference().Value {
				th.Datastores = append(th.Datastores, name)
			}
		}
	}
	return nref
}

func (b *buildCtx) shapeHost(h *object.HostSystem, g *group, seq int) *truthHost {
	hs := simulator.Map.Get(h.Reference()).(*simulator.HostSystem)
	var prof hwProfile
	pk := b.pick(g.profiles)
	for _, p := range profiles {
		if p.key == pk {
			prof = p
		}
	}
	rels := esxiReleases[b.pick(g.esxi)]
	rel := rels[b.rng.Intn(len(rels))]
	bios := prof.bios[b.rng.Intn(len(prof.bios))]
	serial := b.serial(prof.family)
	memBytes := prof.memGiB[b.rng.Intn(len(prof.memGiB))] << 30
	cores := prof.coresPkg * prof.pkgs
	threads := cores * 2
	assetTag := ""
	if b.rng.Intn(3) > 0 {
		assetTag = fmt.Sprintf("KOM-IT-%05d", 10000+b.rng.Intn(90000))
	}
	uuid := b.uuid(byte(0x30 + b.rng.Intn(0x40)))
	if prof.family == "dell" {
		uuid = dellUUID(serial)
	}
	newESXi := rel.version != "6.7.0"
	var ids []types.HostSystemIdentificationInfo
	serialSources := []string{}
	assetValue := "No Asset Tag"
	if assetTag != "" {
		assetValue = assetTag
	}
	ids = append(ids, ident("AssetTag", "Asset Tag", "Asset tag of the system", assetValue))
	switch prof.family {
	case "dell":
		ids = append(ids, ident("ServiceTag", "Service tag", "Service tag of the system", serial))
		ids = append(ids, ident("OemSpecificString", "OEM specific string", "OEM specific string", "Dell System"))
		ids = append(ids, ident("OemSpecificString", "OEM specific string", "OEM specific string", "5[0000]"))
		serialSources = append(serialSources, "ServiceTag")
		if newESXi {
			ids = append(ids, ident("EnclosureSerialNumberTag", "Enclosure serial number tag", "Enclosure serial number tag of the system", serial))
			ids = append(ids, ident("SerialNumberTag", "Serial number tag", "Serial number tag of the system", serial))
			serialSources = append(serialSources, "EnclosureSerialNumberTag", "SerialNumberTag", "systemInfo.serialNumber")
		}
	case "hpe", "hp":
		ids = append(ids, ident("ServiceTag", "Service tag", "Service tag of the system", serial))
		ids = append(ids, ident("OemSpecificString", "OEM specific string", "OEM specific string", "Product ID: 868703-B21"))
		serialSources = append(serialSources, "ServiceTag")
		if newESXi {
			ids = append(ids, ident("SerialNumberTag", "Serial number tag", "Serial number tag of the system", serial))
			serialSources = append(serialSources, "SerialNumberTag", "systemInfo.serialNumber")
		}
	default: // Lenovo: the ServiceTag entry holds the machine type/model; serial only in SerialNumberTag
		ids = append(ids, ident("ServiceTag", "Service tag", "Service tag of the system", strings.TrimSuffix(strings.SplitN(prof.model, "[", 2)[1], "]-")))
		if newESXi {
			ids = append(ids, ident("EnclosureSerialNumberTag", "Enclosure serial number tag", "Enclosure serial number tag of the system", serial))
			ids = append(ids, ident("SerialNumberTag", "Serial number tag", "Serial number tag of the system", serial))
			serialSources = append(serialSources, "EnclosureSerialNumberTag", "SerialNumberTag", "systemInfo.serialNumber")
		} else {
			ids = append(ids, ident("OemSpecificString", "OEM specific string", "OEM specific string", "SN: "+serial))
			serialSources = append(serialSources, "OemSpecificString(SN: )")
		}
	}
	relDate, err := time.Parse("2006-01-02", bios.date)
	must(err, "bios date")

	// summary.hardware (a private copy per host is made by NewHostSystem; slices/pointers
	// are shared with the template, so they are replaced, never modified in place).
	sh := hs.Summary.Hardware
	sh.Vendor, sh.Model, sh.Uuid = prof.vendor, prof.model, uuid
	sh.OtherIdentifyingInfo = ids
	sh.MemorySize = memBytes
	sh.CpuModel, sh.CpuMhz = prof.cpuModel, prof.cpuMhz
	sh.NumCpuPkgs, sh.NumCpuCores, sh.NumCpuThreads = prof.pkgs, cores, threads
	sh.NumNics, sh.NumHBAs = prof.nics, prof.hbas

	hw := hs.Hardware
	hw.SystemInfo = types.HostSystemInfo{Vendor: prof.vendor, Model: prof.model, Uuid: uuid,
		OtherIdentifyingInfo: append([]types.HostSystemIdentificationInfo(nil), ids...)}
	if newESXi {
		hw.SystemInfo.SerialNumber = serial
	}
	hw.BiosInfo = &types.HostBIOSInfo{BiosVersion: bios.version, ReleaseDate: &relDate, Vendor: prof.biosVendor}
	hw.MemorySize = memBytes
	hw.CpuInfo = types.HostCpuInfo{NumCpuPackages: prof.pkgs, NumCpuCores: cores, NumCpuThreads: threads, Hz: int64(prof.cpuMhz) * 1000000}
	hw.CpuPkg = nil
	for i := int16(0); i < prof.pkgs; i++ {
		var threadIds []int16
		for t := i * cores; t < (i+1)*cores; t++ {
			threadIds = append(threadIds, t)
		}
		hw.CpuPkg = append(hw.CpuPkg, types.HostCpuPackage{Index: i, Vendor: "intel", Hz: int64(prof.cpuMhz) * 1000000,
			BusHz: 100000000, Description: prof.cpuModel, ThreadId: threadIds})
	}

	product := types.AboutInfo{Name: "VMware ESXi", FullName: fmt.Sprintf("VMware ESXi %s build-%s", rel.version, rel.build),
		Vendor: "VMware, Inc.", Version: rel.version, Build: rel.build, LocaleVersion: "INTL", LocaleBuild: "000",
		OsType: "vmnix-x86", ProductLineId: "embeddedEsx", ApiType: "HostAgent", ApiVersion: rel.api,
		LicenseProductName: "VMware ESX Server", LicenseProductVersion: rel.license}
	hs.Config.Product = product
	hs.Summary.Config.Product = &hs.Config.Product

	mgmtIP := fmt.Sprintf("10.10.%d.%d", g.site.mgmtNet, 10+seq)
	if g.standalone {
		mgmtIP = fmt.Sprintf("10.10.%d.%d", g.site.mgmtNet, 200)
	}
	if n := hs.Config.Network; n != nil {
		if len(n.Vnic) > 0 && n.Vnic[0].Spec.Ip != nil {
			n.Vnic[0].Spec.Ip.IpAddress = mgmtIP
			n.Vnic[0].Spec.Ip.SubnetMask = "255.255.255.0"
		}
		if n.DnsConfig != nil {
			d := n.DnsConfig.GetHostDnsConfig()
			d.HostName = strings.SplitN(hs.Name, ".", 2)[0]
			d.DomainName = "kommun.internal"
		}
	}
	hs.Summary.ManagementServerIp = "10.10.1.5"
	boot := time.Now().Add(-time.Duration(24*(5+b.rng.Intn(200))) * time.Hour)
	hs.Runtime.BootTime = &boot

	cluster := g.name
	if g.standalone {
		cluster = ""
	}
	th := &truthHost{Name: hs.Name, Moref: hs.Self.Value, Datacenter: g.site.name, Cluster: cluster,
		ComputeResource: hostParentCR(hs).Name,
		Vendor:          prof.vendor, Model: prof.model, Serial: serial, SerialSources: serialSources, AssetTag: assetTag, Uuid: uuid,
		BiosVendor: prof.biosVendor, BiosVersion: bios.version, BiosReleaseDate: relDate.Format(time.RFC3339),
		EsxiVersion: rel.version, EsxiBuild: rel.build, EsxiFullName: product.FullName, ApiVersion: rel.api,
		CpuModel: prof.cpuModel, CpuMhz: prof.cpuMhz, CpuPackages: prof.pkgs, CpuCores: cores, CpuThreads: threads,
		MemoryBytes: memBytes, MgmtIp: mgmtIP, Datastores: []string{}, CustomValues: map[string]string{}}
	for _, id := range ids {
		th.OtherIdentifying = append(th.OtherIdentifying, truthIdent{id.IdentifierType.GetElementDescription().Key, id.IdentifierValue})
	}
	th.CustomValues["Placering"] = fmt.Sprintf("%s rack %c%d U%d", strings.TrimPrefix(g.site.name, "DC-"), 'A'+rune(b.rng.Intn(4)), 1+b.rng.Intn(8), 2*(1+b.rng.Intn(20)))
	if b.rng.Intn(2) == 0 {
		th.CustomValues["Serviceavtal"] = fmt.Sprintf("ProSupport t.o.m. %d-%02d-28", 2025+b.rng.Intn(4), 1+b.rng.Intn(12))
	}
	return th
}

// ---------------------------------------------------------------------------------------

func (b *buildCtx) uniqueName(base string, lower bool) string {
	for n := 1; ; n++ {
		name := fmt.Sprintf("%s%02d", base, n)
		if lower {
			name = strings.ToLower(name)
		}
		if !b.names[name] {
			b.names[name] = true
			return name
		}
	}
}

func (b *buildCtx) planVMs(groups []*group, n int) []*vmPlan {
	var plans []*vmPlan
	dc0 := []*group{}
	dc1 := []*group{}
	for _, g := range groups {
		if len(g.hosts) == 0 {
			continue
		}
		if g.site.name == "DC-Stadshuset" {
			dc0 = append(dc0, g)
		} else {
			dc1 = append(dc1, g)
		}
	}
	var standalone *group
	for _, g := range dc1 {
		if g.standalone {
			standalone = g
		}
	}
	drCluster := dc1[0]
	deptByCode := map[string]*dept{}
	for i := range depts {
		deptByCode[depts[i].code] = &depts[i]
	}
	newPlan := func(d *dept, env, osKey string, g *group) *vmPlan {
		p := &vmPlan{dept: d, env: env, os: osKey, g: g, power: "poweredOn", tools: "ok", nics: 1}
		cpus := []int32{2, 2, 4, 4, 8}
		mems := []int32{4096, 8192, 8192, 16384, 32768}
		p.cpu = cpus[b.rng.Intn(len(cpus))]
		p.cores = 1
		if p.cpu >= 4 && b.rng.Intn(2) == 0 {
			p.cores = p.cpu / 2
		}
		p.memMB = mems[b.rng.Intn(len(mems))]
		osGB := int64(60)
		if oses[osKey].windows {
			osGB = []int64{80, 100, 120}[b.rng.Intn(3)]
		} else {
			osGB = []int64{32, 40, 60}[b.rng.Intn(3)]
		}
		p.disksGB = []int64{osGB}
		if b.rng.Intn(3) > 0 {
			p.disksGB = append(p.disksGB, []int64{100, 200, 250, 500, 1024}[b.rng.Intn(5)])
		}
		if d != nil {
			p.custom = map[string]string{}
			if b.rng.Intn(10) > 0 {
				p.custom["Verksamhet"] = strings.SplitN(d.name, "/", 2)[0]
			}
			if b.rng.Intn(10) > 3 {
				p.custom["Kostnadsställe"] = d.costCtr
			}
			if b.rng.Intn(4) == 0 {
				p.custom["Systemägare"] = b.pick([]string{"Förvaltning Socialtjänst", "IT-enheten", "Ekonomienheten", "Skolförvaltningen", "Miljöförvaltningen"})
			}
		}
		return p
	}
	folderFor := func(d *dept, env string) string {
		if d.envs {
			return d.name + "/" + env
		}
		return d.name
	}
	name := func(d *dept, env, role, osKey string) string {
		code := d.code
		if env == "Test" {
			code += "T"
		}
		if oses[osKey].windows {
			return b.uniqueName("SRV-"+code+"-"+role, false)
		}
		return b.uniqueName(code+"-"+role, true)
	}

	// --- special VMs, in priority order ---
	g0 := dc0[0]
	g1 := dc0[len(dc0)-1]
	soc := deptByCode["SOC"]
	infra := deptByCode["INFRA"]
	eko := deptByCode["EKO"]

	// 1. clone pair: same BIOS UUID, different instance UUIDs, same guest host name.
	orig := newPlan(soc, "Prod", "ws2019", g0)
	orig.name, orig.folder, orig.pool = b.uniqueName("SRV-SOC-APP", false), "Socialtjänst/Prod", "Produktion"
	orig.uuid = b.uuid(0x42)
	orig.annotation = "System: Treserva\nFörvaltning: Socialtjänst\nDriftsatt 2019-05-14"
	orig.notes = []string{"clone pair: shares uuid with " + orig.name + "-KLON"}
	clone := newPlan(soc, "Prod", "ws2019", g1)
	*clone = *orig
	clone.g = g1
	clone.name = orig.name + "-KLON"
	b.names[clone.name] = true
	clone.annotation = "Klon av " + orig.name + " för uppgraderingstest"
	clone.notes = []string{"clone pair: shares uuid with " + orig.name + " (different instanceUuid, MAC and IP, same guest hostName)"}
	clone.hostName = strings.ToLower(orig.name) + ".ad.kommun.internal"
	orig.hostName = clone.hostName
	clone.custom = map[string]string{"Verksamhet": "Socialtjänst"}
	plans = append(plans, orig, clone)

	// 2. templates
	t1 := newPlan(nil, "", "ws2022", g1)
	t1.name, t1.folder, t1.pool, t1.template, t1.power = "TPL-WS2022-STD", "Mallar", "", true, "poweredOff"
	t1.annotation = "Mall Windows Server 2022 Standard, patchad 2024-05"
	t1.notes = []string{"template"}
	t2 := newPlan(nil, "", "rhel8", g1)
	t2.name, t2.folder, t2.pool, t2.template, t2.power = "tpl-rhel8", "Mallar", "", true, "poweredOff"
	t2.notes = []string{"template"}
	b.names[t1.name], b.names[t2.name] = true, true
	plans = append(plans, t1, t2)

	// 3. powered on, no VMware Tools: no guest info at all.
	app := newPlan(infra, "", "other", g0)
	app.name, app.folder, app.pool, app.tools = "NET-LB01", "IT-Infrastruktur/Nätverk", "Produktion", "none"
	app.disksGB = []int64{16}
	app.annotation = "Lastbalanserare (appliance), inga VMware Tools"
	app.notes = []string{"powered on without VMware Tools: guest.* empty"}
	b.names[app.name] = true
	plans = append(plans, app)

	// 4. configured as Windows Server 2016, but the guest runs Windows Server 2019.
	mis := newPlan(eko, "", "ws2016", g1)
	mis.name, mis.folder, mis.pool = b.uniqueName("SRV-EKO-APP", false), "Ekonomi", "Produktion"
	mis.toolsOS = "ws2019"
	mis.notes = []string{"config.guestId windows9Server64Guest, tools report Windows Server 2019"}
	plans = append(plans, mis)

	// 5. name with XML special characters and non-ASCII letters.
	odd := newPlan(eko, "", "ws2019", g0)
	odd.name, odd.folder, odd.pool, odd.power = "Lön & Personal – test <gammal>", "Ekonomi", "Test", "poweredOff"
	odd.notes = []string{"name with & < > and non-ASCII characters"}
	b.names[odd.name] = true
	plans = append(plans, odd)

	// 6. suspended VM
	sus := newPlan(deptByCode["BOU"], "Test", "ws2016", g1)
	sus.name, sus.folder, sus.pool, sus.power = b.uniqueName("SRV-BOUT-APP", false), "Barn och utbildning/Test", "Test", "suspended"
	sus.notes = []string{"suspended"}
	plans = append(plans, sus)

	// 7. Linux database server with two NICs (server + backup network) and IPv4 only.
	db := newPlan(infra, "", "rhel8", g0)
	db.name, db.folder, db.pool, db.nics = b.uniqueName("infra-pgdb", true), "IT-Infrastruktur/Servrar", "Produktion/Kritiskt", 2
	db.cpu, db.memMB, db.disksGB = 8, 65536, []int64{60, 500, 200}
	db.notes = []string{"two NICs"}
	if g0.pools["Produktion/Kritiskt"] == nil {
		db.pool = "Produktion"
	}
	plans = append(plans, db)

	// 8. backup server on the standalone host (or the DR cluster).
	bg := drCluster
	if standalone != nil {
		bg = standalone
	}
	bk := newPlan(infra, "", "ws2022", bg)
	bk.name, bk.folder, bk.pool, bk.nics = "SRV-BACKUP01", "Backup", "", 2
	bk.cpu, bk.memMB, bk.disksGB = 8, 32768, []int64{120, 4096}
	bk.custom = map[string]string{"Verksamhet": "IT-Infrastruktur"}
	b.names[bk.name] = true
	plans = append(plans, bk)

	// 9. powered on with tools running but no IP address yet.
	nip := newPlan(deptByCode["KUF"], "", "ubuntu", g0)
	nip.name, nip.folder, nip.pool, nip.noIp = b.uniqueName("kuf-web", true), "Kultur och fritid", "Produktion", true
	nip.notes = []string{"tools running, no IP address reported"}
	plans = append(plans, nip)

	if len(plans) > n {
		plans = plans[:n]
	}

	// --- generic VMs ---
	totalW := 0
	for _, d := range depts {
		totalW += d.weight
	}
	var dcVMs []*vmPlan
	for len(plans)+len(dcVMs) < n {
		if b.rng.Intn(100) < 15 {
			// DR site: replicas (powered off) or local DR services.
			all := append(append([]*vmPlan{}, plans...), dcVMs...)
			if b.rng.Intn(3) > 0 && len(all) > 0 {
				src := all[b.rng.Intn(len(all))]
				if src.template || src.g.site.name != "DC-Stadshuset" || strings.HasSuffix(src.name, "_replica") || src.dept == nil {
					continue
				}
				rn := src.name + "_replica"
				if b.names[rn] {
					continue
				}
				b.names[rn] = true
				r := newPlan(src.dept, src.env, src.os, drCluster)
				r.name, r.folder, r.pool, r.power = rn, "DR/Replikor", "Produktion", "poweredOff"
				r.cpu, r.cores, r.memMB, r.disksGB, r.nics = src.cpu, src.cores, src.memMB, src.disksGB, src.nics
				r.annotation = "Veeam replica of " + src.name
				r.notes = []string{"Veeam-style replica of " + src.name}
				dcVMs = append(dcVMs, r)
				continue
			}
			d := infra
			osKey := b.pick(d.osBias)
			p := newPlan(d, "", osKey, drCluster)
			p.name, p.folder, p.pool = name(d, "", b.pick([]string{"DC", "FIL", "MON"}), osKey), "DR/Tjänster", "Produktion"
			dcVMs = append(dcVMs, p)
			continue
		}
		w := b.rng.Intn(totalW)
		var d *dept
		for i := range depts {
			if w < depts[i].weight {
				d = &depts[i]
				break
			}
			w -= depts[i].weight
		}
		env := ""
		if d.envs {
			env = "Prod"
			if b.rng.Intn(4) == 0 {
				env = "Test"
			}
		}
		osKey := b.pick(d.osBias)
		g := dc0[b.rng.Intn(len(dc0))]
		p := newPlan(d, env, osKey, g)
		p.name = name(d, env, b.pick(d.roles), osKey)
		p.folder = folderFor(d, env)
		p.pool = "Produktion"
		if env == "Test" {
			p.pool = "Test"
		} else if g.pools["Produktion/Kritiskt"] != nil && b.rng.Intn(5) == 0 {
			p.pool = "Produktion/Kritiskt"
		}
		offPct := 5
		if env == "Test" {
			offPct = 25
		}
		if b.rng.Intn(100) < offPct {
			p.power = "poweredOff"
		} else if b.rng.Intn(100) < 15 {
			p.tools = "old"
		}
		if b.rng.Intn(3) == 0 {
			p.annotation = fmt.Sprintf("Förvaltning: %s\nDriftsatt %d-%02d-%02d", strings.SplitN(d.name, "/", 2)[0], 2015+b.rng.Intn(9), 1+b.rng.Intn(12), 1+b.rng.Intn(28))
		}
		if env == "Prod" || env == "" {
			p.tags = append(p.tags, "Miljö/Produktion")
		} else {
			p.tags = append(p.tags, "Miljö/Test")
		}
		dcVMs = append(dcVMs, p)
	}
	plans = append(plans, dcVMs...)
	// Tags for every VM (templates excluded), decided here so the truth file has them.
	for _, p := range plans {
		if p.template {
			continue
		}
		if p.dept != nil && len(p.tags) == 0 {
			if p.env == "Test" {
				p.tags = append(p.tags, "Miljö/Test")
			} else {
				p.tags = append(p.tags, "Miljö/Produktion")
			}
		}
		if b.rng.Intn(10) > 0 {
			p.tags = append(p.tags, "Backup/"+b.pick(tagCats[0].tags))
		}
		if p.dept != nil && (p.dept.code == "SOC" || p.dept.code == "VO") {
			p.tags = append(p.tags, "Känslighet/Personuppgifter")
			if b.rng.Intn(3) == 0 {
				p.tags = append(p.tags, "Känslighet/Sekretess")
			}
		}
	}
	return plans
}

// ip hands out .11-.250 of the given /24; a full /24 continues in the next free 10.21.N.0/24.
func (b *buildCtx) ip(subnet string) string {
	p := b.ipNext[subnet]
	if p == nil {
		p = &ipPool{blocks: []string{subnet}}
		b.ipNext[subnet] = p
	}
	if p.used == 240*len(p.blocks) {
		p.blocks = append(p.blocks, fmt.Sprintf("10.21.%d", b.overflow))
		b.overflow++
	}
	blk, host := p.blocks[p.used/240], 11+p.used%240
	p.used++
	return fmt.Sprintf("%s.%d", blk, host)
}

type ipPool struct {
	blocks []string
	used   int
}

func (b *buildCtx) createVM(p *vmPlan) *truthVM {
	ctx, c := b.ctx, b.c
	s := p.g.site
	osd := oses[p.os]
	toolsOS := osd
	if p.toolsOS != "" {
		toolsOS = oses[p.toolsOS]
	}
	// Host: round-robin within the group.
	host := p.g.hosts[p.g.next%len(p.g.hosts)]
	p.g.next++
	dsName := s.dsNames[b.rng.Intn(len(s.dsNames))]
	dsRef := s.ds[0]
	for i, n := range s.dsNames {
		if n == dsName {
			dsRef = s.ds[i]
		}
	}
	uuid := p.uuid
	if uuid == "" {
		uuid = b.uuid(0x42)
	}
	instanceUuid := b.uuid(0x50)
	created := time.Date(2016, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(b.rng.Intn(8*365*24)) * time.Hour)

	var devices object.VirtualDeviceList
	ctlType := "pvscsi"
	if osd.windows {
		ctlType = "lsilogic-sas"
	}
	scsi, err := devices.CreateSCSIController(ctlType)
	must(err, "scsi")
	scsi.GetVirtualDevice().Key = 1000 // the keys vCenter uses: controller 1000, disks 2000+, NICs 4000+
	ctlSummary := "VMware paravirtual SCSI"
	if osd.windows {
		ctlSummary = "LSI Logic SAS"
	}
	scsi.GetVirtualDevice().DeviceInfo = &types.Description{Label: "SCSI controller 0", Summary: ctlSummary}
	devices = append(devices, scsi)
	var tdisks []truthDisk
	var capTotal int64
	// Directory name: the simulator names it after the VM; keep file names ASCII-safe.
	for i, gb := range p.disksGB {
		file := fmt.Sprintf("[%s] %s/%s.vmdk", dsName, p.name, p.name)
		if i > 0 {
			file = fmt.Sprintf("[%s] %s/%s_%d.vmdk", dsName, p.name, p.name, i)
		}
		d := devices.CreateDisk(scsi.(types.BaseVirtualController), types.ManagedObjectReference{}, file)
		d.Key = int32(2000 + i)
		d.DeviceInfo = &types.Description{Label: fmt.Sprintf("Hard disk %d", i+1)}
		d.CapacityInKB = gb << 20
		d.CapacityInBytes = gb << 30
		if fb, ok := d.Backing.(*types.VirtualDiskFlatVer2BackingInfo); ok {
			fb.ThinProvisioned = types.NewBool(true)
		}
		devices = append(devices, d)
		tdisks = append(tdisks, truthDisk{Label: fmt.Sprintf("Hard disk %d", i+1), CapacityBytes: gb << 30, File: file})
		capTotal += gb << 30
	}
	var pgNames []string
	for i := 0; i < p.nics; i++ {
		pg := ""
		switch {
		case s.name == "DC-Vattentornet" && i == 0:
			pg = "VLAN210-DR"
		case s.name == "DC-Vattentornet":
			pg = "VLAN299-Backup"
		case i > 0:
			pg = "VLAN199-Backup"
		case p.env == "Test":
			pg = "VLAN120-Server-Test"
		case p.dept != nil && p.dept.code == "INFRA" && p.os == "other":
			pg = "VLAN100-Mgmt"
		default:
			pg = "VLAN110-Server-Prod"
		}
		backing, err := object.NewDistributedVirtualPortgroup(c, s.pgs[pg]).EthernetCardBackingInfo(ctx)
		must(err, "pg backing")
		nic, err := devices.CreateEthernetCard(osd.nic, backing)
		must(err, "nic")
		card := nic.(types.BaseVirtualEthernetCard).GetVirtualEthernetCard()
		card.Key = int32(4000 + i)
		card.DeviceInfo = &types.Description{Label: fmt.Sprintf("Network adapter %d", i+1)}
		card.MacAddress = b.mac()
		card.AddressType = "assigned"
		devices = append(devices, nic)
		pgNames = append(pgNames, pg)
	}
	spec := types.VirtualMachineConfigSpec{
		Name: p.name, NumCPUs: p.cpu, NumCoresPerSocket: p.cores, MemoryMB: int64(p.memMB),
		Uuid: uuid, InstanceUuid: instanceUuid, Annotation: p.annotation, Version: osd.hwVersion, Firmware: osd.firmware,
		Files: &types.VirtualMachineFileInfo{VmPathName: fmt.Sprintf("[%s] %s/%s.vmx", dsName, p.name, p.name)},
	}
	spec.DeviceChange, err = devices.ConfigSpec(types.VirtualDeviceConfigSpecOperationAdd)
	must(err, "device spec")
	var pool *object.ResourcePool
	if p.template {
		pool = p.g.pools[""]
	} else {
		pool = p.g.pools[p.pool]
		if pool == nil {
			pool = p.g.pools[""]
			p.pool = ""
		}
	}
	folder := s.vmFolder[p.folder]
	if folder == nil {
		log.Fatalf("arsring-vcsim: no folder %q in %s", p.folder, s.name)
	}
	ref := b.wait(folder.CreateVM(ctx, spec, pool, host))
	vm := simulator.Map.Get(ref).(*simulator.VirtualMachine)

	// --- shape the simulator object directly (nothing watches it yet) ---
	vm.Config.GuestId, vm.Config.GuestFullName = osd.id, osd.full
	vm.Summary.Config.GuestId, vm.Summary.Config.GuestFullName = osd.id, osd.full
	vm.Config.CreateDate = &created
	vm.Config.ChangeVersion = created.Format("2006-01-02T15:04:05.000000Z")
	vm.Config.Tools = &types.ToolsConfigInfo{ToolsVersion: 0}
	family := "linuxGuest"
	if osd.windows {
		family = "windowsGuest"
	}

	var ips []string
	var nics []truthNic
	var macs []string
	var gnet []types.GuestNicInfo
	var ethIdx int
	for _, d := range vm.Config.Hardware.Device {
		e, ok := d.(types.BaseVirtualEthernetCard)
		if !ok {
			continue
		}
		card := e.GetVirtualEthernetCard()
		pg := pgNames[ethIdx]
		ethIdx++
		tn := truthNic{Label: fmt.Sprintf("Network adapter %d", ethIdx), Key: card.Key, Mac: card.MacAddress, Network: pg, Connected: p.power == "poweredOn", Ips: []string{}}
		if card.Connectable != nil {
			card.Connectable.Connected = p.power == "poweredOn"
			card.Connectable.StartConnected = true
		}
		macs = append(macs, card.MacAddress)
		if p.power == "poweredOn" && p.tools != "none" {
			gn := types.GuestNicInfo{Network: pg, MacAddress: card.MacAddress, Connected: true, DeviceConfigId: card.Key}
			if !p.noIp {
				var subnet string
				switch {
				case strings.Contains(pg, "Backup"):
					subnet = "10.99." + fmt.Sprint(s.mgmtNet)
				case strings.Contains(pg, "DR"):
					subnet = "10.30.10"
				case p.dept != nil:
					env := 0
					if p.env == "Test" {
						env = 1
					}
					subnet = fmt.Sprintf("10.20.%d", p.dept.subnet+env)
				default:
					subnet = "10.20.99"
				}
				ip4 := b.ip(subnet)
				gn.IpAddress = []string{ip4}
				gn.IpConfig = &types.NetIpConfigInfo{IpAddress: []types.NetIpConfigInfoIpAddress{
					{IpAddress: ip4, PrefixLength: 24, State: "preferred"}}}
				if osd.windows {
					mb := make([]byte, 6)
					fmt.Sscanf(card.MacAddress, "%02x:%02x:%02x:%02x:%02x:%02x", &mb[0], &mb[1], &mb[2], &mb[3], &mb[4], &mb[5])
					ll := fmt.Sprintf("fe80::250:56ff:fe%02x:%02x%02x", mb[3], mb[4], mb[5])
					gn.IpAddress = append(gn.IpAddress, ll)
					gn.IpConfig.IpAddress = append(gn.IpConfig.IpAddress, types.NetIpConfigInfoIpAddress{IpAddress: ll, PrefixLength: 64, State: "unknown"})
				}
				tn.Ips = append(tn.Ips, gn.IpAddress...)
				ips = append(ips, ip4)
			}
			gnet = append(gnet, gn)
		}
		nics = append(nics, tn)
	}

	hostName := ""
	primaryIP := ""
	g := &types.GuestInfo{ToolsStatus: types.VirtualMachineToolsStatusToolsNotInstalled, ToolsVersion: "0",
		ToolsVersionStatus: "guestToolsNotInstalled", ToolsVersionStatus2: "guestToolsNotInstalled",
		ToolsRunningStatus: "guestToolsNotRunning", GuestState: "notRunning", GuestFamily: ""}
	switch {
	case p.tools != "none" && p.power == "poweredOn":
		hostName = p.hostName
		if hostName == "" {
			hostName = strings.ToLower(p.name) + ".kommun.internal"
			if osd.windows {
				hostName = strings.ToLower(p.name) + ".ad.kommun.internal"
			}
		}
		if len(ips) > 0 {
			primaryIP = ips[0]
		}
		g.GuestState = "running"
		g.ToolsRunningStatus = "guestToolsRunning"
		g.ToolsStatus, g.ToolsVersionStatus, g.ToolsVersionStatus2, g.ToolsVersion = types.VirtualMachineToolsStatusToolsOk, "guestToolsCurrent", "guestToolsCurrent", "12352"
		if p.tools == "old" {
			g.ToolsStatus, g.ToolsVersionStatus, g.ToolsVersionStatus2, g.ToolsVersion = types.VirtualMachineToolsStatusToolsOld, "guestToolsNeedUpgrade", "guestToolsSupportedOld", "11333"
		}
		g.GuestId, g.GuestFullName, g.GuestFamily = toolsOS.toolsID, toolsOS.toolsFull, family
		g.HostName, g.IpAddress, g.Net = hostName, primaryIP, gnet
		g.GuestOperationsReady, g.InteractiveGuestOperationsReady = types.NewBool(true), types.NewBool(false)
		for i, gb := range p.disksGB {
			free := (gb << 30) * int64(20+b.rng.Intn(60)) / 100
			path, fs := "/", "ext4"
			if osd.windows {
				path, fs = fmt.Sprintf("%c:\\", 'C'+i), "NTFS"
			} else if i > 0 {
				path, fs = fmt.Sprintf("/data%d", i), "xfs"
			}
			g.Disk = append(g.Disk, types.GuestDiskInfo{DiskPath: path, Capacity: (gb << 30) - (1 << 20), FreeSpace: free, FilesystemType: fs})
		}
		vm.Config.Tools.ToolsVersion = 12352
		if p.tools == "old" {
			vm.Config.Tools.ToolsVersion = 11333
		}
	case p.tools != "none":
		// installed, but the VM is not running
		g.ToolsStatus, g.ToolsVersionStatus, g.ToolsVersionStatus2, g.ToolsVersion = types.VirtualMachineToolsStatusToolsNotRunning, "guestToolsCurrent", "guestToolsCurrent", "12352"
		vm.Config.Tools.ToolsVersion = 12352
	}
	vm.Guest = g
	vm.Summary.Guest = &types.VirtualMachineGuestSummary{GuestId: g.GuestId, GuestFullName: g.GuestFullName,
		ToolsStatus: g.ToolsStatus, ToolsVersionStatus: g.ToolsVersionStatus, ToolsVersionStatus2: g.ToolsVersionStatus2,
		ToolsRunningStatus: g.ToolsRunningStatus, HostName: g.HostName, IpAddress: g.IpAddress}

	// Power state
	ps := types.VirtualMachinePowerState(p.power)
	vm.Runtime.PowerState = ps
	vm.Summary.Runtime.PowerState = ps
	if ps == types.VirtualMachinePowerStatePoweredOn {
		boot := time.Now().Add(-time.Duration(1+b.rng.Intn(90*24)) * time.Hour)
		vm.Runtime.BootTime, vm.Summary.Runtime.BootTime = &boot, &boot
		vm.Summary.QuickStats.UptimeSeconds = int32(time.Since(boot).Seconds())
		vm.Summary.QuickStats.OverallCpuUsage = int32(50 + b.rng.Intn(1500))
		vm.Summary.QuickStats.GuestMemoryUsage = p.memMB * int32(10+b.rng.Intn(60)) / 100
		vm.Summary.QuickStats.HostMemoryUsage = p.memMB * int32(60+b.rng.Intn(40)) / 100
		if g.ToolsRunningStatus == "guestToolsRunning" {
			vm.Summary.QuickStats.GuestHeartbeatStatus = types.ManagedEntityStatusGreen
		}
	}
	vm.Runtime.ConnectionState = types.VirtualMachineConnectionStateConnected
	vm.Summary.Runtime.ConnectionState = types.VirtualMachineConnectionStateConnected

	// Storage (thin disks: committed is what is used on the datastore)
	var committed int64
	for _, gb := range p.disksGB {
		committed += (gb << 30) * int64(25+b.rng.Intn(60)) / 100
	}
	if ps != types.VirtualMachinePowerStatePoweredOff {
		committed += int64(p.memMB) << 20 // swap file
	}
	committed += 3 << 20 // vmx, nvram, logs
	uncommitted := capTotal + (int64(p.memMB) << 20) - committed
	if uncommitted < 0 {
		uncommitted = 0
	}
	now := time.Now()
	vm.Summary.Storage = &types.VirtualMachineStorageSummary{Committed: committed, Uncommitted: uncommitted, Unshared: committed, Timestamp: now}
	vm.Storage = &types.VirtualMachineStorageInfo{Timestamp: now, PerDatastoreUsage: []types.VirtualMachineUsageOnDatastore{
		{Datastore: dsRef, Committed: committed, Uncommitted: uncommitted, Unshared: committed}}}

	if p.template {
		must(object.NewVirtualMachine(c, ref).MarkAsTemplate(ctx), "mark as template")
		// vCenter lists templates in no resource pool.
		rp := simulator.Map.Get(pool.Reference()).(*simulator.ResourcePool)
		for i, r := range rp.Vm {
			if r == ref {
				rp.Vm = append(rp.Vm[:i], rp.Vm[i+1:]...)
				break
			}
		}
		p.pool = ""
	}

	inv := "/" + s.name + "/vm/" + p.folder + "/" + p.name
	hostObj := simulator.Map.Get(host.Reference()).(*simulator.HostSystem)
	cluster := p.g.name
	if p.g.standalone {
		cluster = ""
	}
	tv := &truthVM{Name: p.name, Moref: ref.Value, Uuid: uuid, InstanceUuid: instanceUuid,
		GuestId: osd.id, GuestFullName: osd.full, ToolsGuestId: g.GuestId, ToolsGuestFullName: g.GuestFullName,
		ToolsStatus: string(g.ToolsStatus), ToolsRunningStatus: g.ToolsRunningStatus,
		PowerState: p.power, Template: p.template, Datacenter: s.name, Folder: p.folder, InventoryPath: inv,
		Cluster: cluster, Host: hostObj.Name, HostMoref: hostObj.Self.Value, ResourcePool: p.pool,
		NumCPU: p.cpu, NumCoresPerSocket: p.cores, MemoryMB: p.memMB, HostName: hostName, Ip: primaryIP,
		Macs: macs, Nics: nics, Disks: tdisks, DiskCapacityBytes: capTotal,
		Committed: committed, Uncommitted: uncommitted, Unshared: committed, Datastore: dsName,
		VmPathName: vm.Config.Files.VmPathName, Firmware: osd.firmware, HardwareVersion: osd.hwVersion,
		CreateDate: created.Format(time.RFC3339), Annotation: p.annotation, CustomValues: p.custom,
		Tags: p.tags, Notes: p.notes}
	if tv.CustomValues == nil {
		tv.CustomValues = map[string]string{}
	}
	if tv.Tags == nil {
		tv.Tags = []string{}
	}
	if tv.Nics == nil {
		tv.Nics = []truthNic{}
	}
	if tv.Macs == nil {
		tv.Macs = []string{}
	}
	return tv
}

// tag creates the tag categories and tags over /rest and attaches them (the vAPI simulator's
// state is only reachable over HTTP).
func (b *buildCtx) tag(u *url.URL) {
	ctx := b.ctx
	gc, err := govmomi.NewClient(ctx, u, true)
	must(err, "self client for tagging")
	defer func() { _ = gc.Logout(ctx) }()
	rc := rest.NewClient(gc.Client)
	must(rc.Login(ctx, u.User), "rest login")
	defer func() { _ = rc.Logout(ctx) }()
	m := tags.NewManager(rc)
	ids := map[string]string{}
	for _, cat := range tagCats {
		cid, err := m.CreateCategory(ctx, &tags.Category{Name: cat.name, Cardinality: cat.card, AssociableTypes: []string{"VirtualMachine"}})
		must(err, "create category")
		for _, t := range cat.tags {
			tid, err := m.CreateTag(ctx, &tags.Tag{Name: t, CategoryID: cid})
			must(err, "create tag")
			ids[cat.name+"/"+t] = tid
		}
	}
	byTag := map[string][]mo.Reference{}
	var order []string
	for _, v := range b.truth.VMs {
		for _, t := range v.Tags {
			if byTag[t] == nil {
				order = append(order, t)
			}
			byTag[t] = append(byTag[t], types.ManagedObjectReference{Type: "VirtualMachine", Value: v.Moref})
		}
	}
	for _, t := range order {
		must(m.AttachTagToMultipleObjects(ctx, ids[t], byTag[t]), "attach tag "+t)
	}
}

func tagCatsTruth(t *truthFile) {
	for _, c := range tagCats {
		t.TagCategories = append(t.TagCategories, map[string]any{"name": c.name, "cardinality": c.card, "tags": c.tags})
	}
}
